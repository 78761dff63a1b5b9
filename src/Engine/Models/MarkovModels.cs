using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Models;

/// <summary>The two configurations of <see cref="VariableOrderMarkovModel"/> the engine uses.</summary>
public static class MarkovModels
{
    /// <summary>
    /// The player-style model: order 8, escape 0.1 (the longest matching context dominates, so a riff heard a few
    /// times is continued in kind), at most 65,536 contexts and 131,072 followers: about 10 MB at the limit, and a
    /// bounded DAW project state (an hour of dense playing reaches it; it keeps counting what it knows).
    /// </summary>
    public static VariableOrderMarkovModel CreateStyleModel() =>
        new(TokenVocabulary.Size, maxOrder: 8, escape: 0.1f, TokenVocabulary.Hash, maxNodes: 65_536);

    /// <summary>The library of the player's own files (learn from files): the style's order and escape, room for hundreds
    /// of songs (the session's style model, 65,536 contexts, would fill up and stop learning what is played).</summary>
    public static VariableOrderMarkovModel CreateLibraryModel() =>
        new(TokenVocabulary.Size, maxOrder: 8, escape: 0.1f, TokenVocabulary.Hash, maxNodes: 4_000_000);

    /// <summary>The corpus baseline: an interpolated Witten-Bell 6-gram (order 5 contexts).</summary>
    public static VariableOrderMarkovModel CreateCorpusNGram() =>
        new(TokenVocabulary.Size, maxOrder: 5, escape: 1f, TokenVocabulary.Hash, maxNodes: 20_000_000);
}
