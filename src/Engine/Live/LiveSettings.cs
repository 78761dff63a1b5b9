using AiCoPilot.Engine.Generation;

namespace AiCoPilot.Engine.Live;

// The settings records are generated from the one parameter table (LiveSettings.g.cs); what they mean together is here.

public sealed partial record LiveSettings
{
    /// <summary>Listening and answering at all ("Enabled", and not bypassed by the host).</summary>
    public bool Enabled => Listen.Enabled && !Listen.Bypass;
}

public sealed partial record AnswerSettings
{
    /// <summary>Answers a phrase that ends in silence (not only on "Suggest now").</summary>
    public bool AnswersOnSilence => Trigger == AnswerTrigger.Auto;

    /// <summary>The generator's controls for these settings, seeded.</summary>
    public GenerationSettings ToGeneration(ulong seed) => new()
    {
        Bars = Bars,
        Variations = Variations,
        Mode = Mode,
        Temperature = (float)Temperature,
        Density = (float)Density,
        KeyLock = KeyLock,
        Seed = seed,
        // Style adaptation 100 % asks for the player's own material: their phrase may come back.
        EchoWeight = Adaptation >= 1 ? 1f : GenerationSettings.DefaultEchoWeight,
    };
}
