namespace AiCoPilot.Engine.Music;

/// <summary>Chord qualities of the token vocabulary. The order is part of the token spec: never reorder.</summary>
public enum ChordQuality
{
    Major, Minor, Diminished, Augmented, Dominant7, Major7, Minor7, HalfDiminished7, Diminished7, Suspended4, Suspended2,
}
