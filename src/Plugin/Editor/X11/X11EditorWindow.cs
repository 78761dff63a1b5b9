using System.Diagnostics;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// The editor's X11 window: a child window of the host's parent on a display connection of its own, the BGRA pixels
/// of its <see cref="EditorCore"/> shown with (Shm)PutImage, its events, the XDND drag out and drop in, and the
/// desktop's file chooser and file manager. Everything runs on the host's UI thread, from the host's run loop
/// (<see cref="Idle"/> on the connection's fd and on a timer); nothing here owns a thread.
/// </summary>
internal sealed unsafe class X11EditorWindow : IEditorWindow, IEditorSurface, IEditorDesktop
{
    private readonly EditorCore _editor;
    private readonly IntPtr _display;
    private readonly ulong _window;
    private readonly IntPtr _gc, _visual;
    private readonly int _depth;
    private readonly XdndDragSource _drag;  // a take dragged out: its events come from this window
    private readonly XdndDropTarget _drop;  // files dropped onto the editor teach the style
    private readonly LinuxFileChooser _chooser = new();  // "Learn files...": the desktop's file chooser, in its own process
    private XImageBuffer? _buffer;
    private ulong _pressTime;

    private X11EditorWindow(EngineInstance engine, EditorHost host, IntPtr display, ulong parent, int width, int height, double scale)
    {
        _display = display;
        _editor = new EditorCore(engine, host, this, width, height, scale);
        int screen = X11.XDefaultScreen(display);
        _visual = X11.XDefaultVisual(display, screen);
        _depth = X11.XDefaultDepth(display, screen);
        _window = X11.XCreateSimpleWindow(display, parent, 0, 0, (uint)_editor.PixelWidth, (uint)_editor.PixelHeight, 0, 0, 0x1B1F26);
        X11.XSelectInput(display, _window, X11.ExposureMask | X11.ButtonPressMask | X11.ButtonReleaseMask |
                                           X11.PointerMotionMask | X11.StructureNotifyMask | X11.LeaveWindowMask);
        byte[] title = "AiCoPilot editor\0"u8.ToArray();
        fixed (byte* t = title) X11.XStoreName(display, _window, t);
        // XEmbed info (version 0, mapped): hosts that embed through XEmbed (Ardour's Gtk::Socket) expect it.
        ulong xembedInfo = X11.Atom(display, "_XEMBED_INFO");
        long* info = stackalloc long[2] { 0, 1 };
        X11.XChangeProperty(display, _window, xembedInfo, xembedInfo, 32, X11.PropModeReplace, (byte*)info, 2);
        _gc = X11.XCreateGC(display, _window, 0, IntPtr.Zero);
        _drag = new XdndDragSource(display, _window);
        _drop = new XdndDropTarget(display, _window);
        AllocateImage();
        X11.XMapWindow(display, _window);
        X11.XFlush(display);
    }

    /// <summary>Opens the editor in the host's parent window (an X11 window id), or returns null with the reason.</summary>
    public static X11EditorWindow? Open(EngineInstance engine, EditorHost host, ulong parent, int width, int height, double scale, out string? error)
    {
        error = null;
        if (parent == 0) { error = "no parent window"; return null; }
        IntPtr display = X11.XOpenDisplay(IntPtr.Zero);
        if (display == IntPtr.Zero) { error = "cannot open the X display (DISPLAY=" + Environment.GetEnvironmentVariable("DISPLAY") + ")"; return null; }
        int screen = X11.XDefaultScreen(display);
        int depth = X11.XDefaultDepth(display, screen);
        IntPtr visual = X11.XDefaultVisual(display, screen);
        // Skia's BGRA bytes go to the server unchanged only on a 24/32-bit TrueColor visual with the usual masks.
        ulong red = *(ulong*)((byte*)visual + 24), green = *(ulong*)((byte*)visual + 32), blue = *(ulong*)((byte*)visual + 40);
        if (depth < 24 || red != 0xFF0000 || green != 0xFF00 || blue != 0xFF)
        {
            X11.XCloseDisplay(display);
            error = $"unsupported X visual (depth {depth}, masks {red:X}/{green:X}/{blue:X})";
            return null;
        }
        SkiaLoader.Configure(engine.BundleDirectory);
        X11EditorWindow? window;
        using (var trap = new XErrorTrap(display))
        {
            window = new X11EditorWindow(engine, host, display, parent, width, height, scale);
            if (trap.Errors == 0) return window;
        }
        window.Dispose();
        error = $"the host's parent window {parent:X} is not usable (X error {XErrorTrap.LastCode})";
        return null;
    }

    public int EventFd => X11.XConnectionNumber(_display);

    public void Resize(int width, int height, double scale)
    {
        using var trap = new XErrorTrap(_display);
        if (!_editor.Resize(width, height, scale)) return;
        FreeImage();
        AllocateImage();
        X11.XResizeWindow(_display, _window, (uint)_editor.PixelWidth, (uint)_editor.PixelHeight);
    }

    /// <summary>Handles every pending event, moves a drag along, and redraws if anything changed (then true).</summary>
    public bool Idle()
    {
        long start = Stopwatch.GetTimestamp();
        using var trap = new XErrorTrap(_display);
        X11.XEvent e;
        while (X11.XPending(_display) > 0)
        {
            X11.XNextEvent(_display, &e);
            Handle(e);
        }
        _drag.Tick();
        _drop.Tick();
        if (_drop.TakeDropped() is { } dropped) _editor.Learn(dropped, "dropped");
        if (_chooser.Poll() is { } chosen) _editor.Chosen(chosen);
        if (_drop.TakeFailure() is { } failure) _editor.ShowMessage("Nothing learned: " + failure);
        _editor.DropHover(_drop.Hovering);
        if (_drag.TakeFinished() is { } outcome) _editor.DragFinished(outcome);
        bool drew = _editor.Draw(this);
        X11.XFlush(_display);
        if (drew) _editor.FrameShown(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return drew;
    }

    private void Handle(in X11.XEvent e)
    {
        switch (e.Type)
        {
            case X11.Expose: _editor.Invalidate(); break;
            case X11.ConfigureNotify: _editor.Invalidate(); break;
            case X11.ButtonPress when e.Button == 1:
                _pressTime = e.Time;
                _editor.Press(e.X, e.Y);
                break;
            case X11.ButtonRelease when e.Button == 1:
                if (_drag.Active) _drag.OnRelease(e.Time);
                _editor.Release();
                break;
            case X11.MotionNotify: OnMotion(e); break;
            case X11.LeaveNotify: _editor.Leave(); break;
            case X11.ClientMessage: if (!_drop.OnClientMessage(e)) _drag.OnClientMessage(e); break;
            case X11.SelectionNotify: _drop.OnSelectionNotify(e); break;
            case X11.SelectionRequest: _drag.OnSelectionRequest(e); break;
        }
    }

    private void OnMotion(in X11.XEvent e)
    {
        if (_drag.Active) { _drag.OnMotion(e.XRoot, e.YRoot, e.Time); return; }
        // A press on a take that moves more than a few pixels becomes a drag of that take as a .mid file.
        if (_editor.Move(e.X, e.Y, buttonHeld: (e.State & (1u << 8)) != 0) is { } take && _editor.BeginDrag(take) is { } path)
        {
            if (_drag.Begin(path, _pressTime)) _drag.OnMotion(e.XRoot, e.YRoot, e.Time);
        }
    }

    // ---- IEditorSurface: the image's pixels, put on the window ----

    public byte* Pixels => _buffer!.Pixels;
    public int Stride => _buffer!.Stride;

    public void Show(int x, int y, int width, int height)
    {
        _buffer!.Put(_window, _gc, x, y, width, height);
        X11.XSync(_display, 0);  // the blit is timed to the server having it, as the user sees it
    }

    // ---- IEditorDesktop: xdg-open, and zenity or kdialog in a process of their own ----

    public bool OpenFolder(string folder)
    {
        try
        {
            using var opener = Process.Start(new ProcessStartInfo("xdg-open", folder) { UseShellExecute = false });
            return true;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public bool ChooseFiles() => _chooser.Start();
    public bool ChoosingFiles => _chooser.Open;

    private void AllocateImage() => _buffer = XImageBuffer.Create(_display, _visual, _depth, _editor.PixelWidth, _editor.PixelHeight);

    private void FreeImage()
    {
        _buffer?.Dispose();
        _buffer = null;
    }

    public void Dispose()
    {
        using (new XErrorTrap(_display))
        {
            _editor.Log($"editor closed ({_editor.PixelWidth}x{_editor.PixelHeight} px, scale {_editor.Scale}, " +
                        $"{(_buffer?.SharedMemory == true ? "MIT-SHM" : "XPutImage")}): {_editor.TimingsSummary}");
            FreeImage();
            _chooser.Dispose();
            _editor.Dispose();
            X11.XFreeGC(_display, _gc);
            X11.XDestroyWindow(_display, _window);
            X11.XSync(_display, 0);
        }
        X11.XCloseDisplay(_display);
    }
}
