namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// Drags a file (a take written as .mid) out of the editor onto whatever the user drops it on, one implementation per
/// windowing system: <see cref="XdndDragSource"/> (X11, tested here), <see cref="OleFileDragSource"/> (Windows) and
/// <see cref="MacFileDragSource"/> (macOS), both written and untested here. X11 runs the drag as a state machine fed
/// by the editor's events; OLE's DoDragDrop runs its own modal loop and has finished when <see cref="Begin"/> returns;
/// AppKit runs a dragging session from the editor's NSView and reports its end to the source.
/// </summary>
internal interface IFileDragSource
{
    /// <summary>Starts dragging the file; false when the drag could not start (the reason in <see cref="TakeFinished"/>).</summary>
    bool Begin(string path, ulong pressTime);

    /// <summary>True while a drag is under way.</summary>
    bool Active { get; }

    /// <summary>The outcome of a drag that ended since the last call ("dropped", or why not), once; null otherwise.</summary>
    string? TakeFinished();
}
