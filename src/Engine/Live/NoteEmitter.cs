namespace AiCoPilot.Engine.Live;

/// <summary>
/// The one place the session's notes leave for the audio thread: every part (the answerer, the accompanist) sends its
/// notes here as an onset and an end in quarter notes, and the emitter applies the one release rule, stamps the
/// transport generation the notes were made for and counts what a full ring dropped. Engine thread only.
/// </summary>
public sealed class NoteEmitter
{
    /// <summary>A note is released this much before its written end, so the next note on the same pitch strikes cleanly.</summary>
    public const double ReleaseEarlyBeats = 0.02;
    /// <summary>No note is shorter than this, however short it was written.</summary>
    public const double ShortestBeats = 0.05;

    private readonly ISuggestionSink _sink;

    public NoteEmitter(ISuggestionSink sink) { _sink = sink; }

    /// <summary>The transport generation notes are made for (the audio thread drops older ones after a jump).</summary>
    public uint Generation { get; private set; } = 1;

    /// <summary>Notes the sink could not take (a full ring), over the session's life.</summary>
    public int Dropped { get; private set; }

    /// <summary>A transport jump: later notes belong to the new generation.</summary>
    public void Jumped(uint generation) => Generation = generation;

    /// <summary>When a note written from <paramref name="on"/> to <paramref name="end"/> is released.</summary>
    public static double ReleaseAt(double on, double end) => Math.Max(on + ShortestBeats, end - ReleaseEarlyBeats);

    /// <summary>Sends a lone note-off at <paramref name="at"/>: a note sent earlier stops there instead (its own
    /// note-off, later, then finds it silent and is ignored).</summary>
    public void Cut(double at, int pitch, SuggestionRole role, int take, int phrase)
    {
        if (!_sink.TryEmit(new Suggestion(at, false, pitch, 0, take, phrase, Generation, 0, role))) Dropped++;
    }

    /// <summary>Sends a note: its note-on at <paramref name="on"/> and its note-off by the release rule.</summary>
    public void Note(double on, double end, int pitch, int velocity, SuggestionRole role, int take, int phrase, long phraseEndNanos = 0, int channel = 0)
    {
        int v = Math.Clamp(velocity, 1, 127);
        if (!_sink.TryEmit(new Suggestion(on, true, pitch, v, take, phrase, Generation, phraseEndNanos, role, channel))) Dropped++;
        if (!_sink.TryEmit(new Suggestion(ReleaseAt(on, end), false, pitch, 0, take, phrase, Generation, phraseEndNanos, role, channel))) Dropped++;
    }
}
