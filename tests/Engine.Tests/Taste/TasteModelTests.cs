using AiCoPilot.Engine.Taste;

namespace AiCoPilot.Engine.Tests.Taste;

/// <summary>The preference model: what it learns from comparisons, how far each step goes, and its bytes.</summary>
public class TasteModelTests
{
    // Figures of a take: every figure at a typical value, one changed.
    private static double[] Figures(int feature = -1, double by = 0)
    {
        var f = new double[TasteFeatures.Count];
        f[TasteFeatures.Density] = 2; f[TasteFeatures.Register] = 67; f[TasteFeatures.Range] = 9; f[TasteFeatures.Leaps] = 0.3;
        f[TasteFeatures.Syncopation] = 0.2; f[TasteFeatures.Rhythm] = 0.5; f[TasteFeatures.Novelty] = 0.8; f[TasteFeatures.Likelihood] = -1;
        if (feature >= 0) f[feature] += by * TasteFeatures.Scale[feature];
        return f;
    }

    [Fact]
    public void Nothing_learned_is_no_preference_and_scores_every_take_alike()
    {
        var taste = new TasteModel();
        Assert.True(taste.IsEmpty);
        Assert.Equal("", taste.Describe());
        Assert.Equal(taste.Score(Figures()), taste.Score(Figures(TasteFeatures.Register, 3)));
        Assert.Equal(0.5, taste.Chance(Figures(TasteFeatures.Syncopation, 1), Figures()));
    }

    [Fact]
    public void Comparisons_teach_a_direction_in_steps_that_shrink_as_evidence_grows()
    {
        var taste = new TasteModel();
        var steps = new List<double>();
        for (int i = 0; i < 12; i++)
        {
            double before = taste.Means[TasteFeatures.Syncopation];
            // The kept take was more syncopated and (by chance) a little higher or lower.
            double p = taste.Prefer(Figures(TasteFeatures.Syncopation, 1), Figures(TasteFeatures.Register, i % 2 == 0 ? 0.5 : -0.5));
            Assert.InRange(p, 0, 1);
            steps.Add(taste.Means[TasteFeatures.Syncopation] - before);
        }
        Assert.Equal(12, taste.Comparisons);
        Assert.All(steps, s => Assert.True(s > 0));
        Assert.True(steps[^1] < steps[0] / 3, $"first step {steps[0]}, last {steps[^1]}");
        Assert.True(taste.Variances[TasteFeatures.Syncopation] < 0.5 * TasteModel.PriorVariance);
        Assert.Equal(TasteModel.PriorVariance, taste.Variances[TasteFeatures.Density], 6);  // never compared: still the prior
        Assert.InRange(Math.Abs(taste.Means[TasteFeatures.Register]), 0, 0.2 * taste.Means[TasteFeatures.Syncopation]);
        Assert.Equal("syncopated", taste.Describe());
        Assert.True(taste.Chance(Figures(TasteFeatures.Syncopation, 1), Figures()) > 0.8);
        Assert.True(taste.Score(Figures(TasteFeatures.Syncopation, 1)) > taste.Score(Figures()));
    }

    [Fact]
    public void A_first_comparison_moves_a_weight_by_a_sensible_amount_and_one_odd_take_is_clipped()
    {
        var taste = new TasteModel();
        taste.Prefer(Figures(TasteFeatures.Leaps, -1), Figures());
        Assert.InRange(taste.Means[TasteFeatures.Leaps], -0.6, -0.2);
        var wild = new TasteModel();
        wild.Prefer(Figures(TasteFeatures.Leaps, -40), Figures());  // forty typical differences: counted as three
        var three = new TasteModel();
        three.Prefer(Figures(TasteFeatures.Leaps, -TasteModel.MaxDifference), Figures());
        Assert.Equal(three.Means[TasteFeatures.Leaps], wild.Means[TasteFeatures.Leaps], 9);
        Assert.Equal("", taste.Describe());  // one comparison is not sure enough to be named
    }

    [Fact]
    public void A_taste_that_changes_is_followed()
    {
        var taste = new TasteModel();
        for (int i = 0; i < 30; i++) taste.Prefer(Figures(TasteFeatures.Register, 1), Figures());
        Assert.StartsWith("higher", taste.Describe());
        for (int i = 0; i < 60; i++) taste.Prefer(Figures(TasteFeatures.Register, -1), Figures());
        Assert.StartsWith("lower", taste.Describe());
    }

    [Fact]
    public void Its_bytes_round_trip_and_name_each_figure()
    {
        var taste = new TasteModel();
        taste.Prefer(Figures(TasteFeatures.Syncopation, 1), Figures(TasteFeatures.Leaps, 1));
        taste.CountKept();
        var back = TasteModel.FromBytes(taste.ToBytes());
        Assert.Equal(taste.Means, back.Means);
        Assert.Equal(taste.Variances, back.Variances);
        Assert.Equal(1, back.Comparisons);
        Assert.Equal(1, back.Kept);
        Assert.Equal(taste.ToBytes(), back.ToBytes());
        Assert.Contains("syncopation", System.Text.Encoding.ASCII.GetString(taste.ToBytes()));  // figures are found by name
    }

    [Fact]
    public void Another_kind_of_file_another_version_and_damage_are_refused_with_the_reason()
    {
        var taste = new TasteModel();
        taste.Prefer(Figures(TasteFeatures.Register, 1), Figures());
        byte[] good = taste.ToBytes();
        Assert.Contains("not a taste file", Refused("MThd\0\0\0\x06"u8.ToArray()));
        Assert.Contains("not a taste file", Refused([]));
        var other = (byte[])good.Clone();
        other[4] = 9;
        Assert.Contains("version 9", Refused(other));
        var flipped = (byte[])good.Clone();
        flipped[30] ^= 0x40;
        Assert.Contains("checksum", Refused(flipped));
        Assert.Contains("damaged", Refused(good[..^6]));
    }

    private static string Refused(byte[] bytes) => Assert.Throws<TasteFormatException>(() => TasteModel.FromBytes(bytes)).Message;
}
