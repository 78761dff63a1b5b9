using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Generation.Pool;

/// <summary>
/// The takes of one answer, written as a larger pool of candidates of which the musician is shown
/// <see cref="GenerationSettings.Variations"/>: the first candidate always when it streamed to the player at once (an
/// answer), the others (or all of them) chosen for likelihood and difference by <see cref="CandidateSelection"/> once the pool is full,
/// and among those by the musician's <see cref="Taste"/> when there is one.
/// Until then the candidates show as they are written, so an answer never waits for its pool.
/// </summary>
public sealed class CandidatePool
{
    /// <summary>At most this many candidates, and at most <see cref="MaxPoolBars"/> bars of them, per answer.</summary>
    public const int MaxCandidates = 16;
    public const int MaxPoolBars = 64;

    private readonly List<Take> _candidates = new();
    private readonly IReadOnlyList<GeneratedNote> _prompt;
    private readonly CandidateSelection _selection;
    private readonly bool _firstIsKept;
    private readonly OriginalityIndex _promptWindows;
    private readonly List<(int, int)> _promptTail;
    private readonly int _lowest, _highest;  // the phrase's melody range, the margin included

    /// <param name="promptMelody">The phrase's last bars: the takes' distance from the phrase and its register.</param>
    /// <param name="echoMelody">All of the player's music no take may replay 8 notes of (null: the prompt's melody).</param>
    public CandidatePool(GenerationSettings settings, IReadOnlyList<GeneratedNote> promptMelody, bool firstIsKept, CandidateSelection? selection = null,
        IReadOnlyList<GeneratedNote>? echoMelody = null)
    {
        _firstIsKept = firstIsKept;
        Shown = Math.Max(1, settings.Variations);
        Size = SizeFor(settings);
        _prompt = promptMelody;
        var melody = promptMelody.Where(n => !n.FromChord).OrderBy(n => n.Step).Select(n => (n.Step, n.Pitch)).ToList();
        var echo = (echoMelody ?? promptMelody).Where(n => !n.FromChord).OrderBy(n => n.Step).Select(n => (n.Step, n.Pitch)).ToList();
        _promptWindows = OriginalityIndex.OfMelodies(new[] { echo });
        _promptTail = echo.TakeLast(OriginalityIndex.NoteCount - 1).ToList();
        _lowest = melody.Count == 0 ? int.MinValue : melody.Min(n => n.Pitch) - RangeMargin;
        _highest = melody.Count == 0 ? int.MaxValue : melody.Max(n => n.Pitch) + RangeMargin;
        _selection = selection ?? new CandidateSelection();
    }

    /// <summary>How many candidates an answer with these settings writes: a few per take shown, within a budget of bars.</summary>
    public static int SizeFor(GenerationSettings settings)
    {
        int shown = Math.Max(1, settings.Variations);
        if (shown == 1) return 1;  // the one take shown is the one that streamed: nothing to choose
        int byBars = MaxPoolBars / Math.Max(1, settings.Bars);
        int perTake = Math.Clamp(settings.CandidatesPerTake, 1, GenerationSettings.MaxCandidatesPerTake);
        return Math.Max(shown, Math.Min(Math.Min(shown * perTake, MaxCandidates), byBars));
    }

    /// <summary>The settings of the take that streams to the player at once: it never replays their phrase, unless the
    /// settings let every take do so (Style adaptation 100 %).</summary>
    public static GenerationSettings ForStreamedTake(GenerationSettings settings) =>
        settings.EchoWeight < 1f ? settings with { EchoWeight = 0f } : settings;

    public int Size { get; }
    public int Shown { get; }
    public int Count => _candidates.Count;
    public bool Full => _candidates.Count >= Size;
    public IReadOnlyList<Take> Candidates => _candidates;

    public void Add(Take candidate) => _candidates.Add(candidate);

    /// <summary>The musician's taste, which chooses among the likely and different candidates once the pool is full
    /// (null: none learned, or learning is off; the choice is then farthest-first alone). Set by the engine thread when
    /// the answer begins.</summary>
    public ITakePreference? Taste { get; set; }

    /// <summary>The takes to show now: the candidates as written while there are no more than the takes shown, then,
    /// once the pool is full, the chosen ones (the first among them when it is kept).</summary>
    public IReadOnlyList<Take> Takes()
    {
        if (!Full || _candidates.Count <= Shown) return _candidates.Take(Shown).ToArray();
        var pool = _candidates.Select(t => new Candidate(t, t.MeanLogProbability)).ToList();
        return _selection.Choose(pool, Shown, _prompt, first: _firstIsKept ? pool[0] : null, echoes: t => Echoes(t) || Strays(t), fill: true, taste: Taste)
            .Select(c => c.Take).ToArray();
    }

    /// <summary>Notes more than this many semitones outside the phrase's range make a line stray from its register.</summary>
    public const int RangeMargin = 5;
    /// <summary>A take with more than this share of its melody notes outside the phrase's range (± the margin) strays:
    /// the most different candidates of a pool are often the ones that wander off, which the player did not ask for.</summary>
    public const double StrayShare = 0.1;

    /// <summary>True when more than a tenth of the take's melody lies over 5 semitones outside the phrase's range.</summary>
    public bool Strays(Take take)
    {
        var melody = take.Notes.Where(n => !n.FromChord).ToList();
        return melody.Count > 0 && melody.Count(n => n.Pitch < _lowest || n.Pitch > _highest) > StrayShare * melody.Count;
    }

    /// <summary>True when the take replays 8 consecutive notes of the prompt (transposed or not, with their rhythm),
    /// counting from the prompt's last notes.</summary>
    public bool Echoes(Take take) => _promptWindows.HasRunIn(_promptTail, take.Notes.Where(n => !n.FromChord).Select(n => (n.Step, n.Pitch)));

    /// <summary>The melody of the prompt before <paramref name="startStep"/> (the last <paramref name="bars"/> bars of
    /// the context), as notes to compare candidates with.</summary>
    public static IReadOnlyList<GeneratedNote> PromptMelody(LeadSheet context, int startStep, int bars)
    {
        int from = int.MinValue;
        var before = context.Bars.Where(b => b.StartStep < startStep).ToList();
        if (before.Count > 0) from = before[Math.Max(0, before.Count - bars)].StartStep;
        return context.Melody.Where(n => n.Step >= from && n.Step < startStep)
            .Select(n => new GeneratedNote(n.Step, n.Pitch, n.DurationSteps, n.Velocity, FromChord: false)).ToArray();
    }
}
