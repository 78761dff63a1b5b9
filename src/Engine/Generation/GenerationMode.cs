namespace AiCoPilot.Engine.Generation;

/// <summary>What a continuation contains: a melody line, chords, or both.</summary>
public enum GenerationMode { Melody = 0, Harmony = 1, Both = 2 }
