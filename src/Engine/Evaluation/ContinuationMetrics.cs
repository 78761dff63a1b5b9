using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Evaluation;

/// <summary>How a continuation relates to its prompt, and whether it copies the training corpus.</summary>
public static class ContinuationMetrics
{
    /// <summary>Share of melody notes whose pitch class is in the key.</summary>
    public static double InKeyRatio(IEnumerable<GeneratedNote> notes, Key key)
    {
        var melody = notes.Where(n => !n.FromChord).ToList();
        return melody.Count == 0 ? 1 : (double)melody.Count(n => key.Contains(n.Pitch)) / melody.Count;
    }

    /// <summary>Wider than this between consecutive melody notes is a leap that makes a line wander.</summary>
    public const int WideLeapSemitones = 9;

    /// <summary>
    /// Share of melodic intervals wider than <see cref="WideLeapSemitones"/>, counted from <paramref name="previousPitch"/>
    /// (the prompt's last melody note) through <paramref name="pitches"/>. Sung melodies rarely leap that far.
    /// </summary>
    public static double WideLeapRate(int previousPitch, IEnumerable<int> pitches)
    {
        int intervals = 0, wide = 0, last = previousPitch;
        foreach (int p in pitches)
        {
            intervals++;
            if (Math.Abs(p - last) > WideLeapSemitones) wide++;
            last = p;
        }
        return intervals == 0 ? 0 : (double)wide / intervals;
    }

    /// <summary>Share of pitches more than 5 semitones below or above the prompt's lowest and highest melody notes.</summary>
    public static double OutsideRangeRate(IEnumerable<int> pitches, int lowest, int highest)
    {
        int count = 0, outside = 0;
        foreach (int p in pitches)
        {
            count++;
            if (p < lowest - 5 || p > highest + 5) outside++;
        }
        return count == 0 ? 0 : (double)outside / count;
    }

    /// <summary>Histogram intersection of duration-weighted pitch-class distributions (1 = same distribution).</summary>
    public static double PitchClassOverlap(IEnumerable<(int Pitch, int Duration)> a, IEnumerable<(int Pitch, int Duration)> b) =>
        Intersection(Histogram(a, 12, n => n.Pitch % 12, n => n.Duration), Histogram(b, 12, n => n.Pitch % 12, n => n.Duration));

    /// <summary>Histogram intersection of onset positions within the bar (sixteenths), the rhythmic feel.</summary>
    public static double GrooveSimilarity(IEnumerable<int> promptPositions, IEnumerable<int> continuationPositions) =>
        Intersection(Histogram(promptPositions, TokenVocabulary.MaxBarSteps, p => p, _ => 1),
                     Histogram(continuationPositions, TokenVocabulary.MaxBarSteps, p => p, _ => 1));

    /// <summary>True when 8 consecutive melody notes (prompt tail included) are 8 consecutive notes of a training song.</summary>
    public static bool Copies(OriginalityIndex index, IEnumerable<(int Onset, int Pitch)> promptTail, IEnumerable<GeneratedNote> notes) =>
        index.HasRunIn(promptTail, notes.Where(n => !n.FromChord).Select(n => (n.Step, n.Pitch)));

    private static double[] Histogram<T>(IEnumerable<T> items, int bins, Func<T, int> bin, Func<T, double> weight)
    {
        var h = new double[bins];
        foreach (var item in items)
        {
            int b = bin(item);
            if ((uint)b < (uint)bins) h[b] += weight(item);
        }
        double sum = h.Sum();
        if (sum > 0) for (int i = 0; i < bins; i++) h[i] /= sum;
        return h;
    }

    private static double Intersection(double[] a, double[] b)
    {
        if (a.Sum() == 0 || b.Sum() == 0) return 0;
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += Math.Min(a[i], b[i]);
        return s;
    }
}
