namespace AiCoPilot.Engine.Midi;

/// <summary>
/// Base of every error the Standard MIDI File reader raises. Each failure kind is its own sealed subclass;
/// all of them carry the byte offset in the file where the problem was found and, where known, the track index.
/// </summary>
public abstract class MidiFormatException : Exception
{
    protected MidiFormatException(string message, long offset, int trackIndex)
        : base(Describe(message, offset, trackIndex))
    {
        Offset = offset;
        TrackIndex = trackIndex;
    }

    /// <summary>Byte offset from the start of the file.</summary>
    public long Offset { get; }

    /// <summary>Zero-based index of the track chunk, or -1 when the problem is outside any track.</summary>
    public int TrackIndex { get; }

    private static string Describe(string message, long offset, int trackIndex) =>
        trackIndex >= 0 ? $"{message} (byte offset {offset}, track {trackIndex})" : $"{message} (byte offset {offset})";
}

/// <summary>The file does not start with a valid MThd header chunk.</summary>
public sealed class MidiHeaderException : MidiFormatException
{
    public MidiHeaderException(string message, long offset) : base(message, offset, -1) { }
}

/// <summary>A chunk declares more bytes than the file holds.</summary>
public sealed class MidiChunkSizeException : MidiFormatException
{
    public MidiChunkSizeException(string chunkId, long declaredSize, long availableSize, long offset, int trackIndex)
        : base($"chunk '{chunkId}' declares {declaredSize} bytes but only {availableSize} remain", offset, trackIndex)
    {
        ChunkId = chunkId;
        DeclaredSize = declaredSize;
        AvailableSize = availableSize;
    }

    public string ChunkId { get; }
    public long DeclaredSize { get; }
    public long AvailableSize { get; }
}

/// <summary>An event needs more bytes than its track chunk has left.</summary>
public sealed class MidiNotEnoughBytesException : MidiFormatException
{
    public MidiNotEnoughBytesException(string what, long expectedCount, long actualCount, long offset, int trackIndex)
        : base($"{what} needs {expectedCount} bytes but only {actualCount} remain in the track", offset, trackIndex)
    {
        ExpectedCount = expectedCount;
        ActualCount = actualCount;
    }

    public long ExpectedCount { get; }
    public long ActualCount { get; }
}

/// <summary>A variable-length quantity runs over four bytes.</summary>
public sealed class MidiVariableLengthQuantityException : MidiFormatException
{
    public MidiVariableLengthQuantityException(long offset, int trackIndex)
        : base("variable-length quantity longer than 4 bytes", offset, trackIndex) { }
}

/// <summary>A data byte appears where a status byte is required and no running status is in effect.</summary>
public sealed class MidiRunningStatusException : MidiFormatException
{
    public MidiRunningStatusException(byte dataByte, long offset, int trackIndex)
        : base($"data byte 0x{dataByte:X2} without a running status", offset, trackIndex)
    {
        DataByte = dataByte;
    }

    public byte DataByte { get; }
}

/// <summary>A status byte that may not appear in a file (system common or real-time messages), or a data byte above 0x7F.</summary>
public sealed class MidiInvalidEventException : MidiFormatException
{
    public MidiInvalidEventException(byte statusByte, string reason, long offset, int trackIndex)
        : base($"invalid event 0x{statusByte:X2}: {reason}", offset, trackIndex)
    {
        StatusByte = statusByte;
    }

    public byte StatusByte { get; }
}

/// <summary>The file is well formed but uses something this reader refuses (SMPTE division, format 2 under the refuse policy, an unknown format).</summary>
public sealed class MidiUnsupportedException : MidiFormatException
{
    public MidiUnsupportedException(string message, long offset) : base(message, offset, -1) { }
}

/// <summary>A track chunk ends without an End-of-Track meta event (only under <see cref="MissingEndOfTrackPolicy.Abort"/>).</summary>
public sealed class MidiMissingEndOfTrackException : MidiFormatException
{
    public MidiMissingEndOfTrackException(long offset, int trackIndex)
        : base("track chunk ends without End-of-Track", offset, trackIndex) { }
}
