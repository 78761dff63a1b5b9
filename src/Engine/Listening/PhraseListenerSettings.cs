namespace AiCoPilot.Engine.Listening;

/// <summary>Settings of the <see cref="PhraseListener"/>.</summary>
public sealed record PhraseListenerSettings
{
    /// <summary>Silence, in quarter notes, after which the phrase counts as finished.</summary>
    public double SilenceBeats { get; init; } = 1.5;
    /// <summary>How many bars before the phrase end form the context.</summary>
    public int ContextBars { get; init; } = 8;
    /// <summary>The context spans at least this many sixteenth steps (eight bars of 4/4), however short the bars.</summary>
    public int ContextSteps { get; init; } = 128;
    /// <summary>Most notes kept; older ones are forgotten first.</summary>
    public int MaxNotes { get; init; } = 2048;
}
