namespace AiCoPilot.Engine.Midi;

/// <summary>
/// One event of a track chunk, at an absolute tick. Channel messages keep their status byte (0x80-0xEF) and one or
/// two data bytes; meta events have Status 0xFF and a MetaType; sysex events have Status 0xF0 or 0xF7 (escape).
/// Payload holds the bytes of meta and sysex events and is empty for channel messages.
/// </summary>
public readonly record struct SmfEvent(long Tick, byte Status, byte Data1, byte Data2, byte MetaType, byte[] Payload)
{
    public const byte MetaStatus = 0xFF;
    public const byte SysexStatus = 0xF0;
    public const byte SysexEscapeStatus = 0xF7;

    public const byte MetaTrackName = 0x03;
    public const byte MetaEndOfTrack = 0x2F;
    public const byte MetaTempo = 0x51;
    public const byte MetaTimeSignature = 0x58;
    public const byte MetaKeySignature = 0x59;

    public bool IsMeta => Status == MetaStatus;
    public bool IsSysex => Status == SysexStatus || Status == SysexEscapeStatus;
    public bool IsChannelMessage => Status is >= 0x80 and < 0xF0;
    public int Channel => Status & 0x0F;
    public int Kind => Status & 0xF0;

    public static SmfEvent Channel3(long tick, byte status, byte d1, byte d2) => new(tick, status, d1, d2, 0, Array.Empty<byte>());
    public static SmfEvent Channel2(long tick, byte status, byte d1) => new(tick, status, d1, 0, 0, Array.Empty<byte>());
    public static SmfEvent Meta(long tick, byte type, byte[] payload) => new(tick, MetaStatus, 0, 0, type, payload);
    public static SmfEvent Sysex(long tick, byte status, byte[] payload) => new(tick, status, 0, 0, 0, payload);

    /// <summary>Number of data bytes a channel message with this status carries (1 for program change and channel pressure).</summary>
    public static int DataLength(byte status) => (status & 0xF0) is 0xC0 or 0xD0 ? 1 : 2;

    public bool Equals(SmfEvent other) =>
        Tick == other.Tick && Status == other.Status && Data1 == other.Data1 && Data2 == other.Data2 &&
        MetaType == other.MetaType && Payload.AsSpan().SequenceEqual(other.Payload);

    public override int GetHashCode() => HashCode.Combine(Tick, Status, Data1, Data2, MetaType, Payload.Length);
}
