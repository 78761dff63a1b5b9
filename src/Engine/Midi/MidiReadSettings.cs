namespace AiCoPilot.Engine.Midi;

/// <summary>What to do when a chunk declares more bytes than the file holds.</summary>
public enum InvalidChunkSizePolicy
{
    /// <summary>Throw <see cref="MidiChunkSizeException"/> (default: structural damage).</summary>
    Abort,
    /// <summary>Read what exists, as if the chunk ended at the end of the file.</summary>
    ReadAvailable,
}

/// <summary>What to do with a track chunk that has no End-of-Track meta event.</summary>
public enum MissingEndOfTrackPolicy
{
    /// <summary>Accept the track; it ends where its chunk ends (default: harmless quirk).</summary>
    Ignore,
    /// <summary>Throw <see cref="MidiMissingEndOfTrackException"/>.</summary>
    Abort,
}

/// <summary>What to do with a format 2 file (independent sequences).</summary>
public enum Format2Policy
{
    /// <summary>Read each track as a separate sequence (default).</summary>
    ReadAsSeparateSequences,
    /// <summary>Throw <see cref="MidiUnsupportedException"/>.</summary>
    Refuse,
}

/// <summary>How a note-on with velocity 0 is read.</summary>
public enum SilentNoteOnPolicy
{
    /// <summary>As a note-off, as the MIDI specification says (default).</summary>
    NoteOff,
    /// <summary>As a note-on event kept verbatim (only the raw event layer sees it; the song layer still ends the note).</summary>
    KeepRaw,
}

/// <summary>One documented policy per kind of file damage, each defaulting to DryWetMidi's choice.</summary>
public sealed record MidiReadSettings
{
    public static MidiReadSettings Default { get; } = new();

    public InvalidChunkSizePolicy InvalidChunkSize { get; init; } = InvalidChunkSizePolicy.Abort;
    public MissingEndOfTrackPolicy MissingEndOfTrack { get; init; } = MissingEndOfTrackPolicy.Ignore;
    public Format2Policy Format2 { get; init; } = Format2Policy.ReadAsSeparateSequences;
    public SilentNoteOnPolicy SilentNoteOn { get; init; } = SilentNoteOnPolicy.NoteOff;

    /// <summary>Refuse files larger than this many bytes (hostile input guard). Default 64 MiB.</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;
}
