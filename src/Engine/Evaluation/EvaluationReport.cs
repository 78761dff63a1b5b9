namespace AiCoPilot.Engine.Evaluation;

/// <summary>What `aicopilot eval` measures over a folder of songs (JSON keys in snake_case, see docs/evaluation.md).</summary>
public sealed record EvaluationReport
{
    public int Files { get; init; }
    public long Tokens { get; init; }
    /// <summary>Bits per token on the songs' second halves: neural, ngram, style, blend (null when not measured).</summary>
    public double? Neural { get; init; }
    public double? NGram { get; init; }
    public double? Style { get; init; }
    public double? Blend { get; init; }
    public double BlendWeight { get; init; }
    public double InKeyRatio { get; init; }
    public double PitchClassOverlap { get; init; }
    public double GrooveSimilarity { get; init; }
    /// <summary>Share of melodic intervals wider than 9 semitones, in the continuations and in the songs' own next bars.</summary>
    public double WideLeapRate { get; init; }
    public double ReferenceWideLeapRate { get; init; }
    /// <summary>Share of melody notes more than 5 semitones outside the prompt's range, continuations and songs.</summary>
    public double OutsideRangeRate { get; init; }
    public double ReferenceOutsideRangeRate { get; init; }
    public double? CopyRateGuardOff { get; init; }
    public double? CopyRateGuardOn { get; init; }
    public int Continuations { get; init; }
    public double TokensPerSecond { get; init; }
    public long GeneratedTokens { get; init; }
    public double FirstTokenMs { get; init; }
    /// <summary>Mean time to write a whole continuation (Bars bars), prompt included.</summary>
    public double ContinuationMs { get; init; }
}
