using AiCoPilot.Engine.Accompaniment;
using AiCoPilot.Engine.Generation;

namespace AiCoPilot.Engine.Live;

/// <summary>
/// The plug-in's parameters as the engine uses them (plain values, already range-checked by the wrapper), with the one
/// table's defaults (ParameterTable), in slices: each part of the session is given the slice of its group, so a change
/// in one group never touches another group's work (a changed accompaniment pattern never stops an answer).
/// </summary>
public sealed record LiveSettings
{
    public ListenSettings Listen { get; init; } = new();
    public AnswerSettings Answer { get; init; } = new();
    public PlayAlongSettings PlayAlong { get; init; } = new();

    /// <summary>Listening and answering at all ("Enabled", and not bypassed by the host).</summary>
    public bool Enabled => Listen.Enabled;
}

/// <summary>What listening needs: whether the co-pilot listens at all and the silence that ends a phrase.</summary>
public sealed record ListenSettings
{
    public bool Enabled { get; init; } = ParameterTable.Enabled.Default >= 0.5;
    public double SilenceBeats { get; init; } = ParameterTable.SilenceBeats.Default;
}

/// <summary>The controls of an answer (the "answer" group of the table).</summary>
public sealed record AnswerSettings
{
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

    /// <summary>The generator's controls for these settings, seeded.</summary>
    public GenerationSettings ToGeneration(ulong seed) => new()
    {
        Bars = Bars,
        Variations = Variations,
        Mode = Mode,
        Temperature = Temperature,
        Density = Density,
        KeyLock = KeyLock,
        Seed = seed,
        // Style adaptation 100 % asks for the player's own material: their phrase may come back.
        EchoWeight = Adaptation >= 1f ? 1f : GenerationSettings.DefaultEchoWeight,
    };
}

/// <summary>The controls of play-along (the "play along" group of the table).</summary>
public sealed record PlayAlongSettings
{
    public PlayAlongMode Mode { get; init; } = (PlayAlongMode)(int)ParameterTable.PlayAlong.Default;
    /// <summary>Beats before a downbeat at which its chord is decided.</summary>
    public double CommitAheadBeats { get; init; } = ParameterTable.CommitAhead.Default;
    public AccompanimentRegister Register { get; init; } = (AccompanimentRegister)(int)ParameterTable.AccompanimentRegister.Default;
    public AccompanimentPattern Pattern { get; init; } = (AccompanimentPattern)(int)ParameterTable.AccompanimentPattern.Default;
    /// <summary>0..15 (the parameter counts from 1).</summary>
    public int Channel { get; init; } = (int)ParameterTable.AccompanimentChannel.Default - 1;
}
