using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Listening;

namespace AiCoPilot.Engine.Live;

/// <summary>
/// Publishes what the editor shows as one immutable <see cref="SessionSnapshot"/>: the engine thread replaces it when
/// the takes, the take playing or play-along's chords change, and refreshes its clock a few times a second; any thread
/// reads it. Editor-only figures are computed by the reader (<see cref="SessionSnapshot.Figures"/>), not here.
/// </summary>
public sealed class ViewPublisher
{
    private const long ClockRefreshNanos = 100_000_000;
    private SessionSnapshot _snapshot = SessionSnapshot.Empty;
    private int _version;
    private long _clockNanos;

    /// <summary>What the session holds now; safe to read from any thread.</summary>
    public SessionSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Engine thread: new takes of a phrase (the prompt's melody and the pool they were chosen from with them).</summary>
    public void Takes(Phrase? phrase, IReadOnlyList<Take> takes, IReadOnlyList<GeneratedNote> promptMelody, int poolSize, string key) =>
        Publish(_snapshot with { Phrase = phrase, Takes = takes, PromptMelody = promptMelody, PoolSize = poolSize, Key = key });

    /// <summary>Engine thread: which take plays, from and to where (take -1: none).</summary>
    public void Playing(int take, double fromPpq, double toPpq, bool preview) =>
        Publish(_snapshot with { PlayingTake = take, PlayingFromPpq = fromPpq, PlayingToPpq = toPpq, PlayingIsPreview = preview });

    /// <summary>Engine thread: play-along's recent and next chords.</summary>
    public void Chords(IReadOnlyList<PlayedChord> chords) => Publish(_snapshot with { Chords = chords });

    /// <summary>Engine thread: keeps the snapshot's clock fresh (the editor extrapolates between refreshes).</summary>
    public void RefreshClock(TimeReference time, long nowNanos)
    {
        if (!time.Valid || nowNanos - _clockNanos < ClockRefreshNanos) return;
        _clockNanos = nowNanos;
        Volatile.Write(ref _snapshot, _snapshot with { Tempo = time.Tempo, ClockPpq = time.PpqAt(nowNanos), ClockNanos = nowNanos });
    }

    private void Publish(SessionSnapshot next) => Volatile.Write(ref _snapshot, next with { Version = ++_version });
}
