namespace AiCoPilot.Engine.Live;

/// <summary>What kind of thing happened on the host's side (mirrors AicpInputKind of the C ABI).</summary>
public enum LiveInputKind : byte { NoteOn = 1, NoteOff = 2, Sustain = 3, Clock = 4, Jump = 5, Trigger = 6 }

/// <summary>
/// One event from the audio thread, in musical time: a note, the pedal, a per-block clock, a transport jump (with the
/// new generation in <see cref="Generation"/>) or a "suggest now" trigger.
/// </summary>
public readonly record struct LiveInput(
    LiveInputKind Kind, double Ppq, double Tempo, double BarStartPpq, int Numerator, int Denominator,
    int Channel, int Data1, int Data2, bool Playing, long Generation);
