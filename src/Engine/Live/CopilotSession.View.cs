using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;

namespace AiCoPilot.Engine.Live;

/// <summary>The session's snapshot, published whole by the engine thread, read by the editor on the UI thread.</summary>
public sealed partial class CopilotSession
{
    private SessionSnapshot _snapshot = SessionSnapshot.Empty;
    private int _snapshotVersion;
    /// <summary>What the session holds now; safe to read from any thread.</summary>
    public SessionSnapshot Snapshot => Volatile.Read(ref _snapshot);

    // Engine thread: replaces the snapshot after an answer or a command; the clock part is refreshed by
    // RefreshSnapshotClock at most a few times a second.
    private void PublishSnapshot()
    {
        var takes = Takes;
        var figures = takes.Select((take, i) => new TakeFigures(
            takes.Where((_, j) => j != i).Select(other => NoteDistance.Between(take.Notes, other.Notes)).DefaultIfEmpty(double.NaN).Min(),
            NoteDistance.Between(take.Notes, _takesPromptMelody))).ToArray();
        Volatile.Write(ref _snapshot, new SessionSnapshot(++_snapshotVersion, LastPhrase, takes, _playing.Take, _playing.From,
            _playing.To, _playing.Preview, LastKey?.ToString() ?? "", _time.Tempo, _time.Valid ? _time.PpqAt(NowNanos()) : double.NaN,
            NowNanos(), RecentChords(), figures, _takesPoolSize));
    }

    // The phrase the takes answer (its melody, on the takes' grid) and how many candidates they came from.
    private IReadOnlyList<GeneratedNote> _takesPromptMelody = Array.Empty<GeneratedNote>();
    private int _takesPoolSize;

    // Engine thread, at each play-along chord: only the chords change.
    private void PublishChords() =>
        Volatile.Write(ref _snapshot, _snapshot with { Version = ++_snapshotVersion, Chords = RecentChords() });

    private PlayedChord[] RecentChords() => _playedChords.TakeLast(8).ToArray();

    private long _snapshotClockNanos;

    // Engine thread: keeps the snapshot's clock fresh (the editor extrapolates between refreshes).
    private void RefreshSnapshotClock(long nowNanos)
    {
        if (!_time.Valid || nowNanos - _snapshotClockNanos < 100_000_000) return;
        _snapshotClockNanos = nowNanos;
        var snapshot = _snapshot;
        Volatile.Write(ref _snapshot, snapshot with { Tempo = _time.Tempo, ClockPpq = _time.PpqAt(nowNanos), ClockNanos = nowNanos });
    }
}
