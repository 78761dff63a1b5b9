namespace AiCoPilot.Engine.Listening;

/// <summary>
/// A note the player played, in musical time (quarter notes from the host's origin). It sounds until
/// <see cref="EndPpq"/>; its key went up at <see cref="KeyUpPpq"/>, earlier when the sustain pedal held it (NaN: at the end).
/// </summary>
public readonly record struct PlayedNote(double StartPpq, double EndPpq, int Pitch, int Velocity, int Channel, double ReleasedPpq = double.NaN)
{
    public double KeyUpPpq => double.IsNaN(ReleasedPpq) ? EndPpq : Math.Min(ReleasedPpq, EndPpq);
}
