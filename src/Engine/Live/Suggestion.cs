namespace AiCoPilot.Engine.Live;

/// <summary>
/// A note-on or note-off the co-pilot wants played at a musical time (mirrors AicpSuggestionEvent). A preview one
/// sounds on the plug-in's preview synth only (auditioning a take), never on the MIDI output. Channel 0..15, or
/// <see cref="OutputChannel"/>: the channel the "Output channel" parameter names when it is played.
/// </summary>
public readonly record struct Suggestion(double Ppq, bool NoteOn, int Pitch, int Velocity, int Take, int Phrase, uint Generation, long PhraseEndNanos,
    bool Preview = false, int Channel = Suggestion.OutputChannel)
{
    public const int OutputChannel = 255;
}

/// <summary>Where suggestions go (the ring to the audio thread, or a list in tests). Must not block.</summary>
public interface ISuggestionSink
{
    /// <summary>False when the suggestion could not be taken (a full ring).</summary>
    bool TryEmit(in Suggestion suggestion);
}
