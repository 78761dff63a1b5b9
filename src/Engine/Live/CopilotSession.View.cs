using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Live;

/// <summary>The editor's picture of the session, published whole by the engine thread, read by the UI thread.</summary>
public sealed partial class CopilotSession
{
    private SessionView _view = SessionView.Empty;
    private int _viewVersion;
    /// <summary>The editor's picture of the session; safe to read from any thread.</summary>
    public SessionView View => Volatile.Read(ref _view);


    // Engine thread: replaces the editor's picture. Cheap enough per answer or command; the clock part is refreshed
    // by RefreshViewClock at most a few times a second.
    private void PublishView()
    {
        var phrase = LastPhrase;
        var takes = Takes;
        var phraseNotes = phrase is null
            ? (IReadOnlyList<ViewNote>)Array.Empty<ViewNote>()
            : phrase.Notes.Select(n => new ViewNote(n.StartPpq, Math.Max(0.05, n.EndPpq - n.StartPpq), n.Pitch, n.Velocity)).ToArray();
        var takeNotes = new List<IReadOnlyList<ViewNote>>(takes.Count);
        double takesStart = phrase?.ContinuationStartPpq ?? double.NaN;
        foreach (var take in takes)
        {
            takeNotes.Add(phrase is null ? Array.Empty<ViewNote>() : take.Notes.Select(n => new ViewNote(
                phrase.PlaybackPpq(n.Step), n.DurationSteps / (double)TokenVocabulary.StepsPerQuarter, n.Pitch, n.Velocity)).ToArray());
        }
        Volatile.Write(ref _view, new SessionView(++_viewVersion, phraseNotes, takeNotes, takesStart, _playing.Take, _playing.From,
            _playing.To, _playing.Preview, LastKey?.ToString() ?? "", _time.Tempo, _time.Valid ? _time.PpqAt(NowNanos()) : double.NaN, NowNanos(),
            ViewChords()));
    }

    // Engine thread, at each play-along chord: only the chord lane changes.
    private void PublishChords() => Volatile.Write(ref _view, _view with { Version = ++_viewVersion, Chords = ViewChords() });

    private ViewChord[] ViewChords() =>
        _playedChords.TakeLast(8).Select(c => new ViewChord(c.StartPpq, c.EndPpq, c.Chord.ToString())).ToArray();

    private long _viewClockNanos;

    // Engine thread: keeps the view's clock fresh (the editor extrapolates between refreshes).
    private void RefreshViewClock(long nowNanos)
    {
        if (!_time.Valid || nowNanos - _viewClockNanos < 100_000_000) return;
        _viewClockNanos = nowNanos;
        var view = _view;
        Volatile.Write(ref _view, view with { Tempo = _time.Tempo, ClockPpq = _time.PpqAt(nowNanos), ClockNanos = nowNanos });
    }
}
