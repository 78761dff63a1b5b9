namespace AiCoPilot.Engine.Tokens;

/// <summary>The event kinds of the token vocabulary (see docs/tokens.md).</summary>
public enum TokenKind { Pad, Bos, Eos, Bar, Meter, Position, Pitch, Duration, Velocity, Chord }
