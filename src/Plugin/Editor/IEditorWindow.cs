using System.Runtime.InteropServices;

namespace AiCoPilot.Plugin.Editor;

/// <summary>The wrapper's callbacks for the editor (mirrors AicpEditorHost in aicopilot_engine_abi.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct EditorHost
{
    public IntPtr Context;
    /// <summary>A parameter edited in the editor (plain value): the wrapper applies it and tells the host.</summary>
    public delegate* unmanaged<IntPtr, int, double, void> SetParameter;
    /// <summary>A frame went on screen; the milliseconds of the tick that drew it (for the wrapper's frame figures).</summary>
    public delegate* unmanaged<IntPtr, double, void> FrameDrawn;
}

/// <summary>
/// The editor's window on one window system, in the host's parent window: it owns the window, its events, the blit,
/// the timer and the drag and drop, and leaves everything the editor shows and does to its <see cref="EditorCore"/>.
/// Called on the host's UI thread only (EditorExports).
/// </summary>
internal interface IEditorWindow : IDisposable
{
    /// <summary>The file descriptor the host's run loop watches for the window's events (X11), or -1 when the window
    /// keeps its own timer and needs no run loop (Win32).</summary>
    int EventFd { get; }

    /// <summary>Handles what is pending, moves a drag along and redraws what changed; true when a frame was drawn.
    /// The wrapper calls it on the run loop's fd and timer, and once when the window opens.</summary>
    bool Idle();

    /// <summary>A new logical size or content scale from the host.</summary>
    void Resize(int width, int height, double scale);

    /// <summary>Opens the editor in the host's parent window (an X11 window id, or an HWND on Windows), or returns null
    /// with the reason.</summary>
    static IEditorWindow? Open(EngineInstance engine, EditorHost host, ulong parent, int width, int height, double scale, out string? error) =>
        OperatingSystem.IsWindows()
            ? Win32EditorWindow.Open(engine, host, (nint)parent, width, height, scale, out error)
            : X11EditorWindow.Open(engine, host, parent, width, height, scale, out error);
}

/// <summary>The BGRA pixels (premultiplied, top row first) a window lends its <see cref="EditorCore"/> to draw into,
/// at the core's pixel size, and how it puts a part of them on screen.</summary>
internal unsafe interface IEditorSurface
{
    byte* Pixels { get; }
    int Stride { get; }

    /// <summary>Puts the rectangle (in pixels) on screen; done when it returns (the frame's blit time ends here).</summary>
    void Show(int x, int y, int width, int height);
}

/// <summary>What the editor asks of the desktop it runs on, one implementation per window system.</summary>
internal interface IEditorDesktop
{
    /// <summary>Opens an existing folder in the system's file manager; false when there is none.</summary>
    bool OpenFolder(string folder);

    /// <summary>Opens the system's file dialog for songs to learn; false when it has none. The paths chosen come back
    /// later, through <see cref="EditorCore.Chosen"/>; the UI thread never waits for them here.</summary>
    bool ChooseFiles();

    /// <summary>True while the file dialog is open.</summary>
    bool ChoosingFiles { get; }
}
