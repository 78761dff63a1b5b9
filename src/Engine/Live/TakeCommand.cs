using ShownTake = AiCoPilot.Engine.Generation.Take;

namespace AiCoPilot.Engine.Live;

/// <summary>What the editor asks of the session: it is queued from the UI thread and carried out on the engine thread.
/// Keeping a take (Accept, a drag that was dropped, Export), deleting one, Regenerate and More like this also teach the
/// taste; Forget my taste resets it; Share taste (Take 1: on, 0: off) says whether it is shared across projects.</summary>
public enum TakeCommandKind { SuggestNow, Audition, Accept, Regenerate, Delete, MoreLikeThis, DragOut, Export, ForgetTaste, ShareTaste }

/// <param name="Take">The take's index among <paramref name="Shown"/>.</param>
/// <param name="Shown">The takes the musician saw when they asked (the snapshot's list): the command goes to that take
/// even if the takes changed since, or to none when it is gone, and the taste learns what was shown beside it. Null:
/// the takes shown now.</param>
public readonly record struct TakeCommand(TakeCommandKind Kind, int Take = 0, IReadOnlyList<ShownTake>? Shown = null);
