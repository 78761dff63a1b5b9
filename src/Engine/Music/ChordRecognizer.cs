namespace AiCoPilot.Engine.Music;

/// <summary>
/// Names the chord that best explains a weighted pitch-class profile: template matching (weight inside the chord
/// minus half the weight outside it), a bonus when the bass note is the root, and triads preferred over sevenths on ties.
/// </summary>
public static class ChordRecognizer
{
    /// <summary>Returns false when the profile is empty.</summary>
    public static bool TryRecognize(ReadOnlySpan<double> pitchClassWeights, int bassPitchClass, out ChordSymbol chord) =>
        TryRecognize(pitchClassWeights, bassPitchClass, null, out chord);

    /// <summary>As above; with a key, only chords whose tones are all in its scale are candidates.</summary>
    public static bool TryRecognize(ReadOnlySpan<double> pitchClassWeights, int bassPitchClass, Key? key, out ChordSymbol chord)
    {
        chord = default;
        double total = 0;
        for (int i = 0; i < 12; i++) total += pitchClassWeights[i];
        if (total <= 0) return false;
        double best = double.NegativeInfinity;
        for (int index = 0; index < 12 * ChordSymbol.QualityCount; index++)
        {
            var candidate = ChordSymbol.FromIndex(index);
            if (key is { } k && !k.Contains(candidate)) continue;
            int mask = candidate.PitchClassMask;
            double inside = 0, outside = 0;
            for (int pc = 0; pc < 12; pc++)
            {
                if ((mask & (1 << pc)) != 0) inside += pitchClassWeights[pc];
                else outside += pitchClassWeights[pc];
            }
            int size = candidate.IntervalsAboveRoot.Length;
            // Each chord tone that is absent costs a little, so a plain triad wins over a seventh it is part of.
            int missing = 0;
            for (int pc = 0; pc < 12; pc++)
                if ((mask & (1 << pc)) != 0 && pitchClassWeights[pc] <= 0) missing++;
            double score = inside - 0.5 * outside - 0.15 * total * missing - 0.01 * total * (size - 3);
            if (bassPitchClass == candidate.Root) score += 0.1 * total;
            if (candidate.Quality is ChordQuality.Major or ChordQuality.Minor) score += 0.02 * total;
            if (score > best) { best = score; chord = candidate; }
        }
        return true;
    }
}
