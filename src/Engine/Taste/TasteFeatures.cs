using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;

namespace AiCoPilot.Engine.Taste;

/// <summary>The bar grid a take is measured on: a bar line (step), the bar's and the beat's length in sixteenth steps.</summary>
public readonly record struct TasteGrid(int OriginStep, int BarSteps, int BeatSteps)
{
    /// <summary>The grid of a meter, from a bar line: beats are the meter's counting unit (a dotted quarter in 6/8,
    /// 9/8 and 12/8).</summary>
    public static TasteGrid Of(int originStep, int numerator, int denominator)
    {
        int bar = Math.Max(1, numerator * 16 / Math.Max(1, denominator));
        int beat = denominator == 8 && numerator % 3 == 0 && numerator > 3 ? 6 : Math.Max(1, 16 / Math.Max(1, denominator));
        return new TasteGrid(originStep, bar, Math.Min(beat, bar));
    }
}

/// <summary>
/// What makes takes differ, as the musician hears it: eight figures of a take's melody (chord tones left out, the top
/// note of each onset), computed the same way from a live take and from a .mid file written of it (so a figure can be
/// recomputed from the files alone). The taste learns over their differences between takes; <see cref="Scale"/> is
/// a typical difference between two candidates of one pool, so one unit of each means about as much.
/// </summary>
public static class TasteFeatures
{
    public const int Density = 0, Register = 1, Range = 2, Leaps = 3, Syncopation = 4, Rhythm = 5, Novelty = 6, Likelihood = 7;
    public const int Count = 8;

    /// <summary>The figures' names, as the taste file, the command (--prefer NAME+) and the docs write them.</summary>
    public static readonly string[] Names = ["density", "register", "range", "leaps", "syncopation", "rhythm", "novelty", "likelihood"];

    /// <summary>What each figure measures, for the docs and the command's help.</summary>
    public static readonly string[] Meanings =
    [
        "onsets per beat", "mean pitch (semitones)", "highest minus lowest pitch (semitones)",
        "share of intervals of 3 semitones or more", "share of onsets off the beat with no onset on the next beat",
        "spread of the inter-onset intervals (standard deviation of their log2)", "distance from the phrase (0 the same line, 1 nothing in common)",
        "the model's mean log probability per token",
    ];

    /// <summary>The words the editor uses for a liking of more (index 0) or less (index 1) of each figure.</summary>
    public static readonly string[][] Words =
    [
        ["busier", "sparser"], ["higher", "lower"], ["wider", "narrower"], ["leaping", "stepwise"],
        ["syncopated", "on the beat"], ["varied rhythm", "even rhythm"], ["new ideas", "close to your phrase"], ["expected", "surprising"],
    ];

    /// <summary>A typical difference of each figure between two candidates of one pool (measured on validation songs'
    /// pools, docs/evaluation.md "Taste"): differences are divided by it.</summary>
    public static readonly double[] Scale = [0.35, 3.3, 3.7, 0.13, 0.11, 0.22, 0.075, 0.2];

    /// <summary>The index of a figure's name, or -1.</summary>
    public static int IndexOf(string name) => Array.FindIndex(Names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The figures of a take on its grid. <paramref name="phrase"/> is the melody it answers (for
    /// novelty; null: NaN) and <paramref name="meanLogProbability"/> how likely the model found it (NaN when unknown).</summary>
    public static double[] Of(IReadOnlyList<GeneratedNote> notes, TasteGrid grid, IReadOnlyList<GeneratedNote>? phrase = null, double meanLogProbability = double.NaN)
    {
        var f = new double[Count];
        var line = Line(notes);
        int n = line.Count;
        if (n == 0)
        {
            Array.Fill(f, 0.0);
            f[Novelty] = phrase is null ? double.NaN : NoteDistance.Between(notes, phrase);
            f[Likelihood] = meanLogProbability;
            return f;
        }
        // How many bars the take covers: from its grid's bar line to the bar its last note ends in.
        int end = line.Max(x => x.Step + Math.Max(1, x.Duration));
        int bars = Math.Max(1, (end - grid.OriginStep + grid.BarSteps - 1) / grid.BarSteps);
        f[Density] = n / (bars * (double)grid.BarSteps / grid.BeatSteps);
        f[Register] = line.Average(x => x.Pitch);
        f[Range] = line.Max(x => x.Pitch) - line.Min(x => x.Pitch);
        int leaps = 0;
        for (int i = 1; i < n; i++) if (Math.Abs(line[i].Pitch - line[i - 1].Pitch) >= 3) leaps++;
        f[Leaps] = n < 2 ? 0 : leaps / (double)(n - 1);
        f[Syncopation] = SyncopatedShare(line, grid);
        f[Rhythm] = RhythmSpread(line);
        f[Novelty] = phrase is null ? double.NaN : NoteDistance.Between(notes, phrase);
        f[Likelihood] = meanLogProbability;
        return f;
    }

    /// <summary>The figures of a take shown for a phrase (its own likelihood included).</summary>
    public static double[] Of(Take take, TasteGrid grid, IReadOnlyList<GeneratedNote>? phrase) => Of(take.Notes, grid, phrase, take.MeanLogProbability);

    // An onset is syncopated when it falls off the beat and the next beat brings no new onset: the accent is carried
    // over the beat (a tie or a rest on it), which a run of quick notes never does.
    private static double SyncopatedShare(List<(int Step, int Pitch, int Duration)> line, TasteGrid grid)
    {
        var onsets = new HashSet<int>(line.Select(x => x.Step));
        int syncopated = 0;
        foreach (var x in line)
        {
            int pos = Mod(x.Step - grid.OriginStep, grid.BarSteps) % grid.BeatSteps;
            if (pos == 0) continue;
            int nextBeat = x.Step + grid.BeatSteps - pos;
            if (!onsets.Contains(nextBeat)) syncopated++;
        }
        return syncopated / (double)line.Count;
    }

    private static double RhythmSpread(List<(int Step, int Pitch, int Duration)> line)
    {
        if (line.Count < 3) return 0;
        var logs = new double[line.Count - 1];
        for (int i = 1; i < line.Count; i++) logs[i - 1] = Math.Log2(Math.Max(1, line[i].Step - line[i - 1].Step));
        double mean = logs.Average();
        return Math.Sqrt(logs.Sum(v => (v - mean) * (v - mean)) / logs.Length);
    }

    private static int Mod(int a, int m) => ((a % m) + m) % m;

    // The melody a listener follows: the top note at each onset, chord tones left out, in time order.
    private static List<(int Step, int Pitch, int Duration)> Line(IReadOnlyList<GeneratedNote> notes)
    {
        var top = new SortedDictionary<int, (int Pitch, int Duration)>();
        foreach (var note in notes)
        {
            if (note.FromChord) continue;
            if (!top.TryGetValue(note.Step, out var held) || note.Pitch > held.Pitch) top[note.Step] = (note.Pitch, note.DurationSteps);
        }
        return top.Select(kv => (kv.Key, kv.Value.Pitch, kv.Value.Duration)).ToList();
    }
}
