using AiCoPilot.Engine.Generation;

namespace AiCoPilot.Engine.Live;

/// <summary>The plug-in's parameters as the engine uses them (plain values, already range-checked by the wrapper).</summary>
public sealed record LiveSettings
{
    public bool Enabled { get; init; } = true;
    public GenerationMode Mode { get; init; } = GenerationMode.Melody;
    public bool AutoAnswer { get; init; } = true;
    public int Bars { get; init; } = 4;
    public float Temperature { get; init; } = 1f;
    /// <summary>0..1.</summary>
    public float Density { get; init; } = 0.5f;
    public bool KeyLock { get; init; }
    /// <summary>0..1: how much the player's style weighs against the base model.</summary>
    public float Adaptation { get; init; } = 0.5f;
    public int Variations { get; init; } = 3;
    public double SilenceBeats { get; init; } = 1.5;
}
