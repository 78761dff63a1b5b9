namespace AiCoPilot.Engine.Generation;

/// <summary>One variation of a continuation: its notes (steps on the context's grid), how many tokens it took and how
/// likely the model found them (mean natural log probability per token; NaN when unknown).</summary>
public sealed record Take(int Variation, IReadOnlyList<GeneratedNote> Notes, int TokenCount, double MeanLogProbability = double.NaN);
