namespace AiCoPilot.Engine.Models;

/// <summary>
/// A next-token model that follows a growing token sequence. The generator primes it with a prompt, then feeds it
/// every sampled token; <see cref="Predict"/> must not allocate (it runs once per generated token).
/// </summary>
public interface ITokenPredictor
{
    int VocabularySize { get; }

    /// <summary>Forget the current sequence and start from <paramref name="prompt"/>.</summary>
    void Prime(ReadOnlySpan<int> prompt);

    /// <summary>Append one token to the current sequence.</summary>
    void Accept(int token);

    /// <summary>Writes the next-token probabilities (summing to 1) into <paramref name="probabilities"/>.</summary>
    void Predict(Span<float> probabilities);
}
