using AiCoPilot.Engine.Music;

namespace AiCoPilot.Engine.Accompaniment;

/// <summary>
/// A chord chosen for a downbeat (or a half bar): the chord, how long the model expects it to last (sixteenths), how
/// likely the model found it among the chords (0..1), and whether a chord change was expected there at all.
/// </summary>
public readonly record struct ChordDecision(ChordSymbol Chord, int DurationSteps, double Probability, bool ChangeExpected);
