namespace AiCoPilot.Engine.Music;

/// <summary>
/// Krumhansl-Schmuckler key finding: the correlation of a duration-weighted pitch-class histogram with the
/// Krumhansl-Kessler major and minor profiles rotated to each tonic; the best of the 24 wins.
/// </summary>
public static class KeyEstimator
{
    private static readonly double[] MajorProfile = { 6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88 };
    private static readonly double[] MinorProfile = { 6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17 };

    /// <summary>Estimates the key; <paramref name="confidence"/> is the winning correlation (-1..1, 0 when the histogram is empty).</summary>
    public static Key Estimate(ReadOnlySpan<double> pitchClassDurations, out double confidence)
    {
        confidence = 0;
        double sum = 0;
        for (int i = 0; i < 12; i++) sum += pitchClassDurations[i];
        if (sum <= 0) return new Key(0, false);
        double best = double.NegativeInfinity;
        var key = new Key(0, false);
        for (int tonic = 0; tonic < 12; tonic++)
        {
            for (int mode = 0; mode < 2; mode++)
            {
                double r = Correlate(pitchClassDurations, mode == 0 ? MajorProfile : MinorProfile, tonic);
                if (r > best) { best = r; key = new Key(tonic, mode == 1); }
            }
        }
        confidence = best;
        return key;
    }

    private static double Correlate(ReadOnlySpan<double> x, double[] profile, int tonic)
    {
        double mx = 0, my = 0;
        for (int i = 0; i < 12; i++) { mx += x[i]; my += profile[i]; }
        mx /= 12; my /= 12;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < 12; i++)
        {
            double dx = x[(i + tonic) % 12] - mx, dy = profile[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        return sxx <= 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }
}
