namespace AiCoPilot.Engine.Live;

/// <summary>What the editor asks of the session: it is queued from the UI thread and carried out on the engine thread.</summary>
public enum TakeCommandKind { SuggestNow, Audition, Accept, Regenerate, Delete, MoreLikeThis }

public readonly record struct TakeCommand(TakeCommandKind Kind, int Take = 0);
