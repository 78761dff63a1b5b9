using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Listening;

/// <summary>
/// A finished phrase: the recent context quantized as a lead sheet (steps counted from the listener's bar origin),
/// the key estimated from it, and where a continuation goes. It is generated as if it started at
/// <see cref="GenerationStartStep"/> (right after the context, where the sheet's bars end) and played from
/// <see cref="ContinuationStartStep"/>, the first bar line at or after the moment the phrase was detected; the two
/// differ only when the phrase was noticed more than a bar late.
/// </summary>
public sealed record Phrase(
    LeadSheet Context,
    IReadOnlyList<PlayedNote> Notes,
    Key Key,
    double KeyConfidence,
    double DetectedAtPpq,
    int GenerationStartStep,
    int ContinuationStartStep,
    int Numerator,
    int Denominator,
    double BarOriginPpq,
    bool Triggered)
{
    public double StepToPpq(double step) => BarOriginPpq + step / TokenVocabulary.StepsPerQuarter;
    public double ContinuationStartPpq => StepToPpq(ContinuationStartStep);

    /// <summary>Musical time at which a generated step (on the context's grid) is played.</summary>
    public double PlaybackPpq(int generatedStep) => StepToPpq(generatedStep + ContinuationStartStep - GenerationStartStep);
}
