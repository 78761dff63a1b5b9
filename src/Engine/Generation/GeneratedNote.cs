namespace AiCoPilot.Engine.Generation;

/// <summary>
/// A note of a continuation, on the sixteenth grid of the context it continues (see <see cref="ContinuationGenerator"/>).
/// Chord tones carry <see cref="FromChord"/>.
/// </summary>
public readonly record struct GeneratedNote(int Step, int Pitch, int DurationSteps, int Velocity, bool FromChord);
