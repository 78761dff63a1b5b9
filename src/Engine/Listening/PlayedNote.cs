namespace AiCoPilot.Engine.Listening;

/// <summary>A note the player played, in musical time (quarter notes from the host's origin).</summary>
public readonly record struct PlayedNote(double StartPpq, double EndPpq, int Pitch, int Velocity, int Channel);
