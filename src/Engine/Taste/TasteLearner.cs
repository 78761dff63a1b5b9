using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Listening;

namespace AiCoPilot.Engine.Taste;

/// <summary>What one gesture of the musician teaches: the comparisons for the taste, and the take kept (to teach the
/// style, with the phrase it answered), if any.</summary>
public sealed record TasteLesson(IReadOnlyList<TasteComparison> Comparisons, Take? Kept, Phrase? Answered)
{
    public static readonly TasteLesson None = new(Array.Empty<TasteComparison>(), null, null);
}

/// <summary>
/// Turns the musician's gestures on the takes into comparisons, on the engine thread (the <see cref="Live.Answerer"/>
/// tells it what is shown and what the musician did):
/// - a kept take (Accept, a drag that was dropped, Export) is preferred over each take shown beside it, and teaches the
///   style (once, however many ways it is kept);
/// - More like this prefers the take over the others too, a little less surely, and teaches nothing to the style;
/// - Del: each other take shown is preferred over the deleted one;
/// - Regenerate: all shown were worse than what the musician wants, which the next take they keep or ask more of (for
///   the same phrase) reveals: it is then preferred over each of them.
/// A pair is learned once, in whichever order came first (Accept then Export of one take teaches once; two takes both
/// kept, or a take kept and then deleted to tidy up, say nothing of each other). The last few sets of takes shown are
/// remembered with what they answered, so a command about takes shown a moment ago still learns the right comparisons.
/// </summary>
public sealed class TasteLearner
{
    public const double KeptWeight = 1, MoreWeight = 0.7, DeletedWeight = 0.7, RegeneratedWeight = 0.5;
    /// <summary>Sets of takes shown that are remembered (an answer shows several as its takes are written).</summary>
    public const int Remembered = 8;
    private const int MaxRejected = 12;

    /// <summary>Takes shown together, the grid and the phrase they are measured against, and what they answer.</summary>
    public sealed record ShownSet(IReadOnlyList<Take> Takes, TasteGrid Grid, IReadOnlyList<GeneratedNote> Phrase, Phrase? Answered);

    private readonly List<ShownSet> _recent = new();
    private readonly HashSet<(Take, Take)> _learned = new(new PairComparer());
    private readonly HashSet<Take> _taught = new(ReferenceEqualityComparer.Instance);
    private readonly List<double[]> _rejected = new();
    private Phrase? _rejectedFor;

    /// <summary>The takes shown now (the grid and phrase they are measured against, the phrase they answer).</summary>
    public void Shown(IReadOnlyList<Take> takes, TasteGrid grid, IReadOnlyList<GeneratedNote> phrase, Phrase? answered)
    {
        if (_recent.Count > 0 && ReferenceEquals(_recent[^1].Takes, takes)) return;
        if (_recent.Count > 0 && !ReferenceEquals(_recent[^1].Answered, answered))
        {
            // A new phrase: what was learned about the last one's takes is done with.
            _learned.Clear();
            _taught.Clear();
        }
        if (!ReferenceEquals(_rejectedFor, answered)) Forget();
        _recent.Add(new ShownSet(takes, grid, phrase, answered));
        if (_recent.Count > Remembered) _recent.RemoveAt(0);
    }

    /// <summary>The takes shown now are the last ones less one (deleted): measured as they were.</summary>
    public void Replaced(IReadOnlyList<Take> takes)
    {
        if (_recent.Count > 0) Shown(takes, _recent[^1].Grid, _recent[^1].Phrase, _recent[^1].Answered);
    }

    /// <summary>The set of takes a command names (null: the latest), if it is still remembered.</summary>
    public ShownSet? Find(IReadOnlyList<Take>? shown)
    {
        for (int i = _recent.Count - 1; i >= 0; i--)
            if (shown is null || ReferenceEquals(_recent[i].Takes, shown)) return _recent[i];
        return null;
    }

    /// <summary>A take kept (Accept, dropped, Export): preferred over those shown beside it; taught to the style once.</summary>
    public TasteLesson Kept(IReadOnlyList<Take>? shown, int take) => Preferred(shown, take, KeptWeight, keeps: true);

    /// <summary>More like this: the take preferred over those shown beside it.</summary>
    public TasteLesson MoreLike(IReadOnlyList<Take>? shown, int take) => Preferred(shown, take, MoreWeight, keeps: false);

    /// <summary>Del: every other take shown preferred over this one.</summary>
    public TasteLesson Deleted(IReadOnlyList<Take>? shown, int take)
    {
        if (Find(shown) is not { } set || (uint)take >= (uint)set.Takes.Count) return TasteLesson.None;
        var loser = set.Takes[take];
        var lf = Features(set, loser);
        var comparisons = new List<TasteComparison>();
        foreach (var other in set.Takes)
            if (!ReferenceEquals(other, loser) && Unlearned(other, loser))
                comparisons.Add(new TasteComparison(Features(set, other), lf, DeletedWeight));
        return new TasteLesson(comparisons, null, set.Answered);
    }

    /// <summary>Regenerate: every take shown loses to the next one kept (or asked more of) for the same phrase.</summary>
    public void Regenerated(IReadOnlyList<Take>? shown)
    {
        if (Find(shown) is not { } set) return;
        if (!ReferenceEquals(_rejectedFor, set.Answered)) Forget();
        _rejectedFor = set.Answered;
        foreach (var take in set.Takes)
            if (_rejected.Count < MaxRejected) _rejected.Add(Features(set, take));
    }

    /// <summary>Takes rejected by Regenerate that wait for the take that beats them.</summary>
    public int Rejected => _rejected.Count;

    private TasteLesson Preferred(IReadOnlyList<Take>? shown, int take, double weight, bool keeps)
    {
        if (Find(shown) is not { } set || (uint)take >= (uint)set.Takes.Count) return TasteLesson.None;
        var winner = set.Takes[take];
        var wf = Features(set, winner);
        var comparisons = new List<TasteComparison>();
        foreach (var other in set.Takes)
            if (!ReferenceEquals(other, winner) && Unlearned(winner, other))
                comparisons.Add(new TasteComparison(wf, Features(set, other), weight));
        if (ReferenceEquals(_rejectedFor, set.Answered))
            foreach (var rejected in _rejected) comparisons.Add(new TasteComparison(wf, rejected, RegeneratedWeight));
        Forget();
        bool kept = keeps && _taught.Add(winner);
        return new TasteLesson(comparisons, kept ? winner : null, set.Answered);
    }

    // True the first time a pair comes up, in either order (and remembers it).
    private bool Unlearned(Take winner, Take loser) => !_learned.Contains((loser, winner)) && _learned.Add((winner, loser));

    private void Forget()
    {
        _rejected.Clear();
        _rejectedFor = null;
    }

    private static double[] Features(ShownSet set, Take take) => TasteFeatures.Of(take, set.Grid, set.Phrase);

    private sealed class PairComparer : IEqualityComparer<(Take, Take)>
    {
        public bool Equals((Take, Take) a, (Take, Take) b) => ReferenceEquals(a.Item1, b.Item1) && ReferenceEquals(a.Item2, b.Item2);
        public int GetHashCode((Take, Take) p) => HashCode.Combine(
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(p.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(p.Item2));
    }
}
