using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Models;

/// <summary>The two configurations of <see cref="VariableOrderMarkovModel"/> the engine uses.</summary>
public static class MarkovModels
{
    /// <summary>
    /// The player-style model: order 8, escape 0.1 (the longest matching context dominates, so a riff heard a few
    /// times is continued in kind), at most 250,000 contexts (bounds the DAW project state).
    /// </summary>
    public static VariableOrderMarkovModel CreateStyleModel() =>
        new(TokenVocabulary.Size, maxOrder: 8, escape: 0.1f, TokenVocabulary.Hash, maxNodes: 250_000);

    /// <summary>The corpus baseline: an interpolated Witten-Bell 6-gram (order 5 contexts).</summary>
    public static VariableOrderMarkovModel CreateCorpusNGram() =>
        new(TokenVocabulary.Size, maxOrder: 5, escape: 1f, TokenVocabulary.Hash, maxNodes: 20_000_000);
}
