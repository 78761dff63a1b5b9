namespace AiCoPilot.Engine.Live;

/// <summary>What a suggested note is for, which decides where the audio thread plays it.</summary>
public enum SuggestionRole : byte
{
    /// <summary>An answer or an accepted take: the MIDI output on the "Output channel" parameter's channel, and the preview synth.</summary>
    Answer,
    /// <summary>A take auditioned in the editor: the preview synth only, never the MIDI output.</summary>
    Preview,
    /// <summary>A play-along chord or bass note: the MIDI output on the accompaniment channel it names.</summary>
    Accompaniment,
}

/// <summary>
/// A note-on or note-off the co-pilot wants played at a musical time (mirrors AicpSuggestionEvent). Its role says where
/// it sounds; <see cref="Channel"/> (0..15) is the accompaniment's channel and means nothing for the other roles.
/// </summary>
public readonly record struct Suggestion(double Ppq, bool NoteOn, int Pitch, int Velocity, int Take, int Phrase, uint Generation, long PhraseEndNanos,
    SuggestionRole Role = SuggestionRole.Answer, int Channel = 0);

/// <summary>Where suggestions go (the ring to the audio thread, or a list in tests). Must not block.</summary>
public interface ISuggestionSink
{
    /// <summary>False when the suggestion could not be taken (a full ring).</summary>
    bool TryEmit(in Suggestion suggestion);
}
