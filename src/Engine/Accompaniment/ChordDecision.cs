using AiCoPilot.Engine.Music;

namespace AiCoPilot.Engine.Accompaniment;

/// <summary>A chord chosen for a downbeat (or a half bar), and how long the model expects it to last (sixteenths).</summary>
public readonly record struct ChordDecision(ChordSymbol Chord, int DurationSteps);
