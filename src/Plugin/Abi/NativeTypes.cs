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

/// <summary>What the player did, from the audio thread (AicpInputEvent).</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
public struct InputEvent
{
    public const byte FlagPlaying = 1;
    [FieldOffset(0)] public double Ppq;
    [FieldOffset(8)] public double Tempo;
    [FieldOffset(16)] public double BarStartPpq;
    [FieldOffset(24)] public long SampleTime;
    /// <summary>The transport generation the event belongs to; on a jump record, the new one.</summary>
    [FieldOffset(32)] public uint Generation;
    [FieldOffset(36)] public byte Kind;
    [FieldOffset(37)] public byte Channel;
    [FieldOffset(38)] public byte Data1;
    [FieldOffset(39)] public byte Data2;
    [FieldOffset(40)] public byte Numerator;
    [FieldOffset(41)] public byte Denominator;
    [FieldOffset(42)] public byte Flags;
}

/// <summary>A note for the audio thread (AicpSuggestionEvent): its role says where it sounds.</summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
public struct SuggestionEvent
{
    public const byte NoteOn = 1, NoteOff = 2;
    /// <summary>AicpSuggestionRole: answer (the output channel parameter's channel), preview (the preview synth only),
    /// accompaniment (the record's own channel).</summary>
    public const byte RoleAnswer = 1, RolePreview = 2, RoleAccompaniment = 3;
    [FieldOffset(0)] public double Ppq;
    [FieldOffset(8)] public uint Generation;
    [FieldOffset(12)] public byte Kind;
    [FieldOffset(13)] public byte Role;
    /// <summary>The accompaniment's MIDI channel (0..15); nothing for the other roles.</summary>
    [FieldOffset(14)] public byte Channel;
    [FieldOffset(15)] public byte Pitch;
    [FieldOffset(16)] public byte Velocity;
    [FieldOffset(20)] public uint Take;
    [FieldOffset(24)] public uint Phrase;
    [FieldOffset(32)] public long PhraseEndNanos;
}

/// <summary>Where an engine's model is (AicpModelState).</summary>
public enum ModelState
{
    Loading = 0,
    Ready = 1,
    StyleOnly = 2,
    Stopped = 3,
}

/// <summary>An engine's figures, typed (AicpEngineMetrics, filled by aicp_engine_metrics).</summary>
[StructLayout(LayoutKind.Explicit, Size = 224)]
public struct EngineMetrics
{
    [FieldOffset(0)] public uint StructSize;
    [FieldOffset(4)] public int ModelState;
    [FieldOffset(8)] public int Answering;
    [FieldOffset(16)] public long PhrasesAnswered;
    [FieldOffset(24)] public long PreparedAnswers;
    [FieldOffset(32)] public long ChordsPlayed;
    [FieldOffset(40)] public long SuggestionsDropped;
    [FieldOffset(48)] public long StyleTokens;
    [FieldOffset(56)] public long StyleContexts;
    [FieldOffset(64)] public long StyleFollowers;
    [FieldOffset(72)] public long StyleUsedBytes;
    [FieldOffset(80)] public long StyleAllocatedBytes;
    [FieldOffset(88)] public long LibraryTokens;
    [FieldOffset(96)] public long ManagedHeapBytes;
    [FieldOffset(104)] public long ManagedCommittedBytes;
    [FieldOffset(112)] public long LiveAfterFullGcBytes;
    [FieldOffset(120)] public long TotalAllocatedBytes;
    [FieldOffset(128)] public long GcCollections;
    [FieldOffset(136)] public long GcFullCollections;
    [FieldOffset(144)] public double GcPauseMs;
    [FieldOffset(152)] public double LastFirstNoteMs;
    [FieldOffset(160)] public double LastAnswerMs;
    [FieldOffset(168)] public long LastPoolSize;
    [FieldOffset(176)] public double ModelLoadMs;
    [FieldOffset(184)] public long TradeAnswers;
    [FieldOffset(192)] public long TradeAnswersLate;
    [FieldOffset(200)] public double TradeLeadMsMin;
    [FieldOffset(208)] public double TradeLeadMsP1;
    [FieldOffset(216)] public double TradeLeadMsP50;
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
    public int InputSampleTime, InputGeneration, InputNumerator;
    public int SuggestionRole, SuggestionChannel, SuggestionPhrase, SuggestionPhraseEndNanos;
    public int MetricsSize, MetricsModelState, MetricsPhrasesAnswered, MetricsChordsPlayed, MetricsStyleContexts;
    public int MetricsStyleUsedBytes, MetricsManagedHeapBytes, MetricsLiveAfterFullGcBytes, MetricsGcPauseMs;
    public int MetricsLastFirstNoteMs, MetricsLastPoolSize, MetricsModelLoadMs;
    public int MetricsTradeAnswers, MetricsTradeAnswersLate, MetricsTradeLeadMsMin, MetricsTradeLeadMsP50;

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
        InputSampleTime = (int)Marshal.OffsetOf<InputEvent>(nameof(InputEvent.SampleTime)),
        InputGeneration = (int)Marshal.OffsetOf<InputEvent>(nameof(InputEvent.Generation)),
        InputNumerator = (int)Marshal.OffsetOf<InputEvent>(nameof(InputEvent.Numerator)),
        SuggestionRole = (int)Marshal.OffsetOf<SuggestionEvent>(nameof(SuggestionEvent.Role)),
        SuggestionChannel = (int)Marshal.OffsetOf<SuggestionEvent>(nameof(SuggestionEvent.Channel)),
        SuggestionPhrase = (int)Marshal.OffsetOf<SuggestionEvent>(nameof(SuggestionEvent.Phrase)),
        SuggestionPhraseEndNanos = (int)Marshal.OffsetOf<SuggestionEvent>(nameof(SuggestionEvent.PhraseEndNanos)),
        MetricsSize = Marshal.SizeOf<EngineMetrics>(),
        MetricsModelState = (int)Marshal.OffsetOf<EngineMetrics>(nameof(EngineMetrics.ModelState)),
        MetricsPhrasesAnswered = (int)Marshal.OffsetOf<EngineMetrics>(nameof(EngineMetrics.PhrasesAnswered)),
        MetricsChordsPlayed = (int)Marshal.OffsetOf<EngineMetrics>(nameof(EngineMetrics.ChordsPlayed)),
        MetricsStyleContexts = (int)Marshal.OffsetOf<EngineMetrics>(nameof(EngineMetrics.StyleContexts)),
        MetricsStyleUsedBytes = (int)Marshal.OffsetOf<EngineMetrics>(nameof(EngineMetrics.StyleUsedBytes)),
        MetricsManagedHeapBytes = (int)Marshal.OffsetOf<EngineMetrics>(nameof(EngineMetrics.ManagedHeapBytes)),
        MetricsLiveAfterFullGcBytes = (int)Marshal.OffsetOf<EngineMetrics>(nameof(EngineMetrics.LiveAfterFullGcBytes)),
        MetricsGcPauseMs = (int)Marshal.OffsetOf<EngineMetrics>(nameof(EngineMetrics.GcPauseMs)),
        MetricsLastFirstNoteMs = (int)Marshal.OffsetOf<EngineMetrics>(nameof(EngineMetrics.LastFirstNoteMs)),
        MetricsLastPoolSize = (int)Marshal.OffsetOf<EngineMetrics>(nameof(EngineMetrics.LastPoolSize)),
        MetricsModelLoadMs = (int)Marshal.OffsetOf<EngineMetrics>(nameof(EngineMetrics.ModelLoadMs)),
        MetricsTradeAnswers = (int)Marshal.OffsetOf<EngineMetrics>(nameof(EngineMetrics.TradeAnswers)),
        MetricsTradeAnswersLate = (int)Marshal.OffsetOf<EngineMetrics>(nameof(EngineMetrics.TradeAnswersLate)),
        MetricsTradeLeadMsMin = (int)Marshal.OffsetOf<EngineMetrics>(nameof(EngineMetrics.TradeLeadMsMin)),
        MetricsTradeLeadMsP50 = (int)Marshal.OffsetOf<EngineMetrics>(nameof(EngineMetrics.TradeLeadMsP50)),
    };
}
