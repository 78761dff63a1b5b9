namespace AiCoPilot.Engine.Accompaniment;

/// <summary>What play-along adds under the player (the "Play along" parameter; the order is its list's).</summary>
public enum PlayAlongMode { Off, Chords, ChordsAndBass }

/// <summary>Where voicings lie (the "Accompaniment register" parameter).</summary>
public enum AccompanimentRegister { Low, Middle, High }

/// <summary>How a chord is played over its span (the "Accompaniment pattern" parameter).</summary>
public enum AccompanimentPattern { Block, Pulse, LeftHand }
