using System.Runtime.InteropServices;

namespace AiCoPilot.Plugin.Abi;

// C# mirrors of aicopilot_engine_abi.h. Offsets are explicit so they read like the header; LayoutTests (C#) and
// test_layout (C++) check both sides against the same numbers.

[StructLayout(LayoutKind.Explicit, Size = 192)]
public struct RingHeader
{
    [FieldOffset(0)] public ulong WriteIndex;
    [FieldOffset(8)] public ulong ReadIndexCache;
    [FieldOffset(16)] public ulong OverflowCount;
    [FieldOffset(64)] public ulong ReadIndex;
    [FieldOffset(72)] public ulong WriteIndexCache;
    [FieldOffset(128)] public uint Capacity;
    [FieldOffset(132)] public uint RecordSize;
}

[StructLayout(LayoutKind.Explicit, Size = 40)]
public struct InputEvent
{
    [FieldOffset(0)] public double Ppq;
    [FieldOffset(8)] public double Tempo;
    [FieldOffset(16)] public double BarStartPpq;
    [FieldOffset(24)] public long SampleTime;
    [FieldOffset(32)] public byte Kind;
    [FieldOffset(33)] public byte Channel;
    [FieldOffset(34)] public byte Data1;
    [FieldOffset(35)] public byte Data2;
    [FieldOffset(36)] public byte Numerator;
    [FieldOffset(37)] public byte Denominator;
    [FieldOffset(38)] public byte Flags;
    [FieldOffset(39)] public byte Reserved;
}

[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct SuggestionEvent
{
    public const byte NoteOn = 1, NoteOff = 2, PreviewOn = 3, PreviewOff = 4;
    public const byte OutputChannelParameter = 255;
    [FieldOffset(0)] public double Ppq;
    [FieldOffset(8)] public uint Generation;
    [FieldOffset(12)] public byte Kind;
    [FieldOffset(13)] public byte Channel;
    [FieldOffset(14)] public byte Pitch;
    [FieldOffset(15)] public byte Velocity;
    [FieldOffset(16)] public uint Take;
    [FieldOffset(20)] public uint Phrase;
    [FieldOffset(24)] public long PhraseEndNanos;
}

/// <summary>One parameter as the wrapper tells the engine of it (AicpParamInfo).</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
public unsafe struct ParamInfo
{
    [FieldOffset(0)] public byte* Id;
    [FieldOffset(8)] public double Min;
    [FieldOffset(16)] public double Max;
    [FieldOffset(24)] public double DefaultPlain;
    [FieldOffset(32)] public int Slot;
    [FieldOffset(36)] public int Kind;
}

[StructLayout(LayoutKind.Explicit, Size = 88)]
public unsafe struct EngineConfig
{
    [FieldOffset(0)] public uint AbiVersion;
    [FieldOffset(4)] public uint StructSize;
    [FieldOffset(8)] public RingHeader* InputRing;
    [FieldOffset(16)] public InputEvent* InputRecords;
    [FieldOffset(24)] public RingHeader* OutputRing;
    [FieldOffset(32)] public SuggestionEvent* OutputRecords;
    [FieldOffset(40)] public double* Params;
    [FieldOffset(48)] public double SampleRate;
    [FieldOffset(56)] public byte* BundleDirectory;
    [FieldOffset(64)] public byte* LogDirectory;
    [FieldOffset(72)] public ParamInfo* Parameters;
    [FieldOffset(80)] public int ParameterCount;
    [FieldOffset(84)] public int Reserved;
}

/// <summary>The shared value block (AicpSharedParams): one plain value per slot.</summary>
public static class SharedParams
{
    /// <summary>AICP_MAX_PARAMS: slots in the block (the layout check compares the block's size).</summary>
    public const int Slots = 32;
}

[StructLayout(LayoutKind.Sequential)]
public struct LayoutInfo
{
    public int RingHeaderSize, RingWriteIndex, RingReadIndex, RingCapacity;
    public int InputEventSize, InputKind, InputFlags;
    public int SuggestionSize, SuggestionGeneration, SuggestionKind, SuggestionTake;
    public int ParamsSize;
    public int ConfigSize, ConfigParams, ConfigSampleRate, ConfigLogDirectory;
    public int ConfigParameters, ParamInfoSize, ParamInfoSlot;

    public static LayoutInfo Current => new()
    {
        RingHeaderSize = Marshal.SizeOf<RingHeader>(),
        RingWriteIndex = (int)Marshal.OffsetOf<RingHeader>(nameof(RingHeader.WriteIndex)),
        RingReadIndex = (int)Marshal.OffsetOf<RingHeader>(nameof(RingHeader.ReadIndex)),
        RingCapacity = (int)Marshal.OffsetOf<RingHeader>(nameof(RingHeader.Capacity)),
        InputEventSize = Marshal.SizeOf<InputEvent>(),
        InputKind = (int)Marshal.OffsetOf<InputEvent>(nameof(InputEvent.Kind)),
        InputFlags = (int)Marshal.OffsetOf<InputEvent>(nameof(InputEvent.Flags)),
        SuggestionSize = Marshal.SizeOf<SuggestionEvent>(),
        SuggestionGeneration = (int)Marshal.OffsetOf<SuggestionEvent>(nameof(SuggestionEvent.Generation)),
        SuggestionKind = (int)Marshal.OffsetOf<SuggestionEvent>(nameof(SuggestionEvent.Kind)),
        SuggestionTake = (int)Marshal.OffsetOf<SuggestionEvent>(nameof(SuggestionEvent.Take)),
        ParamsSize = SharedParams.Slots * sizeof(double),
        ConfigSize = Marshal.SizeOf<EngineConfig>(),
        ConfigParams = (int)Marshal.OffsetOf<EngineConfig>(nameof(EngineConfig.Params)),
        ConfigSampleRate = (int)Marshal.OffsetOf<EngineConfig>(nameof(EngineConfig.SampleRate)),
        ConfigLogDirectory = (int)Marshal.OffsetOf<EngineConfig>(nameof(EngineConfig.LogDirectory)),
        ConfigParameters = (int)Marshal.OffsetOf<EngineConfig>(nameof(EngineConfig.Parameters)),
        ParamInfoSize = Marshal.SizeOf<ParamInfo>(),
        ParamInfoSlot = (int)Marshal.OffsetOf<ParamInfo>(nameof(ParamInfo.Slot)),
    };
}
