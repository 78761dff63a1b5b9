using AiCoPilot.Engine.Accompaniment;
using AiCoPilot.Engine.Generation;

namespace AiCoPilot.Engine.Live;

/// <summary>The plug-in's parameters as the engine uses them (plain values, already range-checked by the wrapper),
/// with the one table's defaults (ParameterTable).</summary>
public sealed record LiveSettings
{
    public bool Enabled { get; init; } = ParameterTable.Enabled.Default >= 0.5;
    public GenerationMode Mode { get; init; } = (GenerationMode)(int)ParameterTable.Mode.Default;
    public bool AutoAnswer { get; init; } = ParameterTable.Auto.Default >= 0.5;
    public int Bars { get; init; } = (int)ParameterTable.Bars.Default;
    public float Temperature { get; init; } = (float)ParameterTable.Temperature.Default;
    /// <summary>0..1 (the parameter is in percent).</summary>
    public float Density { get; init; } = (float)(ParameterTable.Density.Default / 100);
    public bool KeyLock { get; init; } = ParameterTable.KeyLock.Default >= 0.5;
    /// <summary>0..1: how much the player's style weighs against the base model (the parameter is in percent).</summary>
    public float Adaptation { get; init; } = (float)(ParameterTable.Adaptation.Default / 100);
    public int Variations { get; init; } = (int)ParameterTable.Variations.Default;
    public double SilenceBeats { get; init; } = ParameterTable.SilenceBeats.Default;
    public PlayAlongMode PlayAlong { get; init; } = (PlayAlongMode)(int)ParameterTable.PlayAlong.Default;
    /// <summary>Beats before a downbeat at which its chord is decided.</summary>
    public double CommitAheadBeats { get; init; } = ParameterTable.CommitAhead.Default;
    public AccompanimentRegister Register { get; init; } = (AccompanimentRegister)(int)ParameterTable.AccompanimentRegister.Default;
    public AccompanimentPattern Pattern { get; init; } = (AccompanimentPattern)(int)ParameterTable.AccompanimentPattern.Default;
    /// <summary>0..15 (the parameter counts from 1).</summary>
    public int AccompanimentChannel { get; init; } = (int)ParameterTable.AccompanimentChannel.Default - 1;
}
