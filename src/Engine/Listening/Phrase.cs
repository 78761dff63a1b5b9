using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Listening;

/// <summary>
/// A finished phrase: the recent context quantized as a lead sheet (steps counted from the listener's bar origin),
/// the key estimated from it, and where a continuation should start (the first bar line at or after the moment the
/// phrase was detected).
/// </summary>
public sealed record Phrase(
    LeadSheet Context,
    IReadOnlyList<PlayedNote> Notes,
    Key Key,
    double KeyConfidence,
    double DetectedAtPpq,
    int ContinuationStartStep,
    int Numerator,
    int Denominator,
    double BarOriginPpq,
    bool Triggered)
{
    public double StepToPpq(double step) => BarOriginPpq + step / TokenVocabulary.StepsPerQuarter;
    public double ContinuationStartPpq => StepToPpq(ContinuationStartStep);
}
