namespace AiCoPilot.Engine.Tokens;

/// <summary>A lead sheet taken from a song, the grid it was quantized on, and how it was found.</summary>
public sealed record LeadSheetExtraction(LeadSheet Sheet, StepGrid Grid, string MelodySource, string ChordSource, int DroppedNotes);
