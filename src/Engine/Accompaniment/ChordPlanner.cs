using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Accompaniment;

/// <summary>
/// Decides the next chord from a next-token model: primed with the music so far up to the position where the chord
/// would start (a prompt ending in that position's token), it reads the model's probabilities of every chord token
/// there, weighs chords outside the estimated key down, adds how well each holds the melody just played and the
/// melody's next note as the model expects it, and takes the best; one step more gives the duration the model
/// expects. Mid-bar, a chord is changed only when the model finds a chord more likely there than a note.
/// Deterministic: an accompanist plays its best guess, not a sample.
/// </summary>
public sealed class ChordPlanner
{
    /// <summary>Weight of a chord with a tone outside the key (borrowed and secondary chords stay possible).</summary>
    public const double OutOfKeyWeight = 0.6;

    /// <summary>Weight of how well a chord holds the melody just played, beside the model's log-probability (tuned on
    /// POP909's validation songs: 0 gives 47 % of melody onsets in the chord, 1 gives 50 %, 2 and 4 less).</summary>
    public const double MelodyWeight = 1.0;

    /// <summary>
    /// Only chords that hold the melody just played nearly as well as the best one are candidates (fit within this of
    /// the best). The melody's next bar is most like its last, so this keeps the chord under it; the model picks among
    /// them the one that makes harmonic sense. POP909 validation, 25 songs: margin 0.15 gives 54 % of melody onsets
    /// in the chord and 7 % chord accuracy, 0.3 gives 51 % and 11 %, 0.5 gives 49 % and 13 %, no margin 50 % and 17 %
    /// with half as many distinct chords.
    /// </summary>
    public const double FitMargin = 0.3;

    /// <summary>
    /// Weight of how well a chord holds the melody's next note as the model expects it (its probabilities of each pitch
    /// at the chord's position, read from the same step that gives the chords' probabilities, so it costs nothing).
    /// The player has not played that note yet; the model guesses it from the tune so far. POP909 validation, 73
    /// songs: 0 gives 48.6 % of melody onsets in the chord, 0.75 gives 53.9 %, 1 gives 55.3 %, 1.25 gives 56.8 % with
    /// fewer distinct chords and less accuracy against the labels (docs/evaluation.md, "Play along").
    /// </summary>
    public const double LookaheadWeight = 1.0;

    /// <summary>How well a chord holds a melody's pitch classes: the share of its weight inside minus half the rest.</summary>
    private static double Fit(ChordSymbol chord, ReadOnlySpan<double> profile, double total)
    {
        int mask = chord.PitchClassMask;
        double inside = 0;
        for (int pc = 0; pc < 12; pc++) if ((mask & (1 << pc)) != 0) inside += profile[pc];
        return (inside - 0.5 * (total - inside)) / total;
    }

    private readonly ITokenPredictor _predictor;
    private readonly float[] _probabilities;

    public ChordPlanner(ITokenPredictor predictor)
    {
        _predictor = predictor;
        _probabilities = new float[predictor.VocabularySize];
    }

    /// <summary>
    /// The chord at the position the prompt ends on. <paramref name="atDownbeat"/>: a chord is always chosen; else null
    /// when the model expects the melody to go on over the current harmony.
    /// </summary>
    public ChordDecision? Decide(ReadOnlySpan<int> prompt, Key key, bool atDownbeat, ReadOnlySpan<double> recentMelody = default)
    {
        _predictor.Prime(prompt);
        _predictor.Predict(_probabilities);
        double total = 0;
        foreach (double w in recentMelody) total += w;
        Span<double> expected = stackalloc double[12];
        double expectedTotal = ExpectedNextNote(expected);
        Span<double> fits = stackalloc double[TokenVocabulary.ChordCount];
        double bestFit = double.NegativeInfinity;
        for (int i = 0; i < fits.Length; i++)
        {
            var candidate = ChordSymbol.FromIndex(i);
            fits[i] = total > 0 ? Fit(candidate, recentMelody, total) : 0;
            if (expectedTotal > 1e-6) fits[i] += LookaheadWeight * Fit(candidate, expected, expectedTotal);
            bestFit = Math.Max(bestFit, fits[i]);
        }
        double chordMass = 0, best = double.NegativeInfinity;
        int bestIndex = -1;
        for (int i = 0; i < fits.Length; i++)
        {
            double p = _probabilities[TokenVocabulary.ChordBase + i];
            chordMass += p;
            if (fits[i] < bestFit - FitMargin) continue;
            var candidate = ChordSymbol.FromIndex(i);
            double score = Math.Log(Math.Max(1e-12, key.Contains(candidate) ? p : p * OutOfKeyWeight)) + MelodyWeight * fits[i];
            if (score > best) { best = score; bestIndex = i; }
        }
        if (!atDownbeat && chordMass < 0.5) return null;  // mid-bar, the model expects the melody to go on
        var chord = ChordSymbol.FromIndex(bestIndex);

        _predictor.Accept(TokenVocabulary.ChordBase + bestIndex);
        _predictor.Predict(_probabilities);
        int duration = 16;
        float bestDuration = -1;
        for (int i = 0; i < TokenVocabulary.DurationCount; i++)
            if (_probabilities[TokenVocabulary.DurationBase + i] > bestDuration)
            {
                bestDuration = _probabilities[TokenVocabulary.DurationBase + i];
                duration = TokenVocabulary.DurationSteps[i];
            }
        return new ChordDecision(chord, duration);
    }

    /// <summary>The model's probability of each pitch class for a melody note at the prompt's position (returns their
    /// total: near 0 when the model expects a chord or a rest there).</summary>
    private double ExpectedNextNote(Span<double> profile)
    {
        double total = 0;
        for (int pitch = 0; pitch < TokenVocabulary.PitchCount; pitch++)
        {
            double p = _probabilities[TokenVocabulary.PitchBase + pitch];
            profile[pitch % 12] += p;
            total += p;
        }
        return total;
    }
}
