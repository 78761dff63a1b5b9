namespace AiCoPilot.Engine.Taste;

/// <summary>One comparison to learn: a take with figures <paramref name="Winner"/> was preferred over one with
/// <paramref name="Loser"/>, as surely as <paramref name="Weight"/> says (0-1).</summary>
public readonly record struct TasteComparison(double[] Winner, double[] Loser, double Weight);

/// <summary>What the editor says about the taste: what it has learned in words ("syncopated, stepwise, higher"), from how
/// many comparisons and kept takes, whether the project shares it across projects and whether a per-user file is in use
/// for that, and a problem with that file ("" when none). Immutable; the engine thread replaces it when the taste changes.</summary>
public sealed record TasteSummary(string Liked, int Comparisons, int Kept, bool SharesTaste, bool Shared, string Problem)
{
    public static readonly TasteSummary Empty = new("", 0, 0, true, false, "");

    /// <summary>The editor's line.</summary>
    public string Line =>
        Comparisons == 0 ? "Taste: keep, drag out or delete takes and it learns what you like"
        : Liked.Length == 0 ? $"Taste: {Kept} kept, {Comparisons} choices, nothing sure yet"
        : "You keep: " + Liked;
}
