namespace AiCoPilot.Engine.Generation;

/// <summary>One variation of a continuation: its notes (steps on the context's grid) and how many tokens it took.</summary>
public sealed record Take(int Variation, IReadOnlyList<GeneratedNote> Notes, int TokenCount);
