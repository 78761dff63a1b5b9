namespace AiCoPilot.Engine.Accompaniment;

/// <summary>
/// Where in a chord's span its voicing is struck, and for how long (sixteenth steps relative to the span's start):
/// block chords hold the span; a pulse strikes each beat (a dotted quarter in eighth-note meters); the player's left
/// hand repeats the onsets their own accompaniment played in the last bar (block chords when they played none).
/// </summary>
public static class AccompanimentRhythm
{
    public static IReadOnlyList<(int Offset, int Length)> Strikes(AccompanimentPattern pattern, int spanSteps, int beatSteps,
        IReadOnlyList<int>? leftHandOffsets)
    {
        var strikes = new List<(int, int)>();
        if (spanSteps <= 0) return strikes;
        if (pattern == AccompanimentPattern.LeftHand && leftHandOffsets is { Count: > 0 })
        {
            var onsets = leftHandOffsets.Where(o => o >= 0 && o < spanSteps).Distinct().OrderBy(o => o).ToList();
            if (onsets.Count == 0 || onsets[0] != 0) onsets.Insert(0, 0);  // the downbeat always sounds
            for (int i = 0; i < onsets.Count; i++)
                strikes.Add((onsets[i], (i + 1 < onsets.Count ? onsets[i + 1] : spanSteps) - onsets[i]));
            return strikes;
        }
        if (pattern == AccompanimentPattern.Pulse && beatSteps > 0 && spanSteps > beatSteps)
        {
            for (int offset = 0; offset < spanSteps; offset += beatSteps)
                strikes.Add((offset, Math.Min(beatSteps, spanSteps - offset)));
            return strikes;
        }
        strikes.Add((0, spanSteps));
        return strikes;
    }

    /// <summary>The beat of a meter in sixteenths: a quarter, or a dotted quarter in 6/8, 9/8 and 12/8.</summary>
    public static int BeatSteps(int numerator, int denominator) =>
        denominator == 8 && numerator % 3 == 0 && numerator >= 6 ? 6 : denominator == 8 ? 2 : 4;
}
