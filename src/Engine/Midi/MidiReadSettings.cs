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

/// <summary>What to do with a system common or real-time byte (0xF1-0xFE) among a track's events (a clock byte
/// recorded from hardware, say); SMF files may not hold them, but the intent is clear.</summary>
public enum StrayStatusBytePolicy
{
    /// <summary>Skip it, with its data bytes, and warn (default: what python3-mido reads).</summary>
    SkipWithWarning,
    /// <summary>Throw <see cref="MidiInvalidEventException"/>.</summary>
    Abort,
}

/// <summary>What a data byte means right after a meta or sysex event (SMF 1.0 says they cancel running status).</summary>
public enum RunningStatusAfterMetaPolicy
{
    /// <summary>The channel status before the meta or sysex event runs on, with a warning (default: as mido reads).</summary>
    KeepWithWarning,
    /// <summary>Running status is cancelled: the data byte is a <see cref="MidiRunningStatusException"/>.</summary>
    Cancel,
}

/// <summary>What to do with a format 0 file that holds more than one track chunk.</summary>
public enum Format0TracksPolicy
{
    /// <summary>Read it as format 1, with a warning (default).</summary>
    ReadAsFormat1WithWarning,
    /// <summary>Throw <see cref="MidiUnsupportedException"/>.</summary>
    Refuse,
}

/// <summary>
/// One documented policy per kind of file damage. The defaults read what the most lenient good readers read where
/// the intent is clear (each such repair leaves a warning on the file); <see cref="Strict"/> refuses all of it.
/// </summary>
public sealed record MidiReadSettings
{
    public static MidiReadSettings Default { get; } = new();

    /// <summary>Every quirk refused: what the SMF specification allows and nothing else (for tests and tools).</summary>
    public static MidiReadSettings Strict { get; } = new()
    {
        StrayStatusBytes = StrayStatusBytePolicy.Abort,
        RunningStatusAfterMeta = RunningStatusAfterMetaPolicy.Cancel,
        Format0Tracks = Format0TracksPolicy.Refuse,
    };

    public InvalidChunkSizePolicy InvalidChunkSize { get; init; } = InvalidChunkSizePolicy.Abort;
    public MissingEndOfTrackPolicy MissingEndOfTrack { get; init; } = MissingEndOfTrackPolicy.Ignore;
    public Format2Policy Format2 { get; init; } = Format2Policy.ReadAsSeparateSequences;
    public SilentNoteOnPolicy SilentNoteOn { get; init; } = SilentNoteOnPolicy.NoteOff;
    public StrayStatusBytePolicy StrayStatusBytes { get; init; } = StrayStatusBytePolicy.SkipWithWarning;
    public RunningStatusAfterMetaPolicy RunningStatusAfterMeta { get; init; } = RunningStatusAfterMetaPolicy.KeepWithWarning;
    public Format0TracksPolicy Format0Tracks { get; init; } = Format0TracksPolicy.ReadAsFormat1WithWarning;

    /// <summary>Refuse files larger than this many bytes (hostile input guard). Default 64 MiB.</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;
}
