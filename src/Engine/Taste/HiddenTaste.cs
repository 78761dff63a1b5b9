namespace AiCoPilot.Engine.Taste;

/// <summary>
/// The taste of a simulated musician: one figure of <see cref="TasteFeatures"/> and a direction ("syncopation+": more
/// syncopated, "leaps-": fewer leaps, "register+": higher). A take matches it when its figure lies on that side of the
/// phrase the musician played (strictly). Only figures a .mid file holds can be a hidden taste (not the likelihood).
/// </summary>
public readonly record struct HiddenTaste(int Feature, int Direction)
{
    /// <summary>"NAME+" or "NAME-" (no sign: +); throws ArgumentException naming what is wrong.</summary>
    public static HiddenTaste Parse(string text)
    {
        text = text.Trim();
        int direction = 1;
        if (text.EndsWith('+')) text = text[..^1];
        else if (text.EndsWith('-')) { direction = -1; text = text[..^1]; }
        int feature = TasteFeatures.IndexOf(text);
        if (feature < 0 || feature == TasteFeatures.Likelihood)
            throw new ArgumentException($"'{text}' is not a figure a take file holds ({string.Join(", ", TasteFeatures.Names.Take(TasteFeatures.Likelihood))})");
        return new HiddenTaste(feature, direction);
    }

    public string Name => TasteFeatures.Names[Feature];

    /// <summary>In the editor's words: "syncopated", "stepwise", "higher"...</summary>
    public string Words => TasteFeatures.Words[Feature][Direction > 0 ? 0 : 1];

    /// <summary>True when a take's figure lies on the taste's side of the phrase's.</summary>
    public bool Matches(double take, double phrase) => Direction * (take - phrase) > 0;

    /// <summary>Which of these takes the musician picks: the one furthest in the taste's direction (the first of equals).</summary>
    public int Pick(IReadOnlyList<double> values)
    {
        int best = 0;
        for (int i = 1; i < values.Count; i++)
            if (Direction * (values[i] - values[best]) > 0) best = i;
        return best;
    }

    public override string ToString() => Name + (Direction > 0 ? "+" : "-");
}
