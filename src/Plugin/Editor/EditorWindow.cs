using System.Diagnostics;
using System.Runtime.InteropServices;
using AiCoPilot.Engine.Live;
using AiCoPilot.Plugin.Abi;
using SkiaSharp;

namespace AiCoPilot.Plugin.Editor;

/// <summary>The wrapper's callback for parameter edits made in the editor (mirrors AicpEditorHost).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct EditorHost
{
    public IntPtr Context;
    public delegate* unmanaged<IntPtr, int, double, void> SetParameter;
}

/// <summary>
/// The editor of one plug-in instance: an X11 child window of the host's parent, its own display connection, a
/// BGRA buffer Skia draws into and XPutImage shows. Everything runs on the host's UI thread, from the host's run loop
/// (<see cref="Idle"/> on the connection's fd and on a timer); nothing here owns a thread.
/// </summary>
internal sealed unsafe class EditorWindow : IDisposable
{
    private readonly EngineInstance _engine;
    private readonly EditorHost _host;
    private readonly IntPtr _display;
    private readonly ulong _window;
    private readonly IntPtr _gc, _visual;
    private readonly int _depth;
    private readonly EditorRenderer _renderer = new();
    private readonly XdndDragSource _drag;  // the X11 IFileDragSource: its events come from this window
    private readonly XdndDropTarget _drop;  // files dropped onto the editor teach the style
    private readonly FileChooser _chooser = new();  // "Learn files...": the desktop's file chooser, in its own process
    private readonly FrameTimings _timings = new();
    private XImageBuffer? _buffer;
    private int _logicalWidth, _logicalHeight, _pixelWidth, _pixelHeight;
    private double _scale;
    private EditorLayout _layout;
    private bool _dirty = true;
    private int _drawnVersion = -1;
    private EditorPicture _picture = EditorPicture.Empty;
    private int _selectedTake, _hoverTake = -1;
    private (int Take, int X, int Y, ulong Time)? _pressOnTake;
    private string? _message;
    private long _messageUntil;

    private EditorWindow(EngineInstance engine, EditorHost host, IntPtr display, ulong parent, int width, int height, double scale)
    {
        _engine = engine;
        _host = host;
        _display = display;
        int screen = X11.XDefaultScreen(display);
        _visual = X11.XDefaultVisual(display, screen);
        _depth = X11.XDefaultDepth(display, screen);
        _logicalWidth = width;
        _logicalHeight = height;
        _scale = scale;
        _pixelWidth = Math.Max(1, (int)Math.Round(width * scale));
        _pixelHeight = Math.Max(1, (int)Math.Round(height * scale));
        _window = X11.XCreateSimpleWindow(display, parent, 0, 0, (uint)_pixelWidth, (uint)_pixelHeight, 0, 0, 0x1B1F26);
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
        _layout = new EditorLayout(width, height, 0);
        AllocateImage();
        X11.XMapWindow(display, _window);
        X11.XFlush(display);
    }

    /// <summary>Opens the editor in the host's parent window, or returns null with the reason.</summary>
    public static EditorWindow? Open(EngineInstance engine, EditorHost host, ulong parent, int width, int height, double scale, out string? error)
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
        scale = double.IsFinite(scale) ? Math.Clamp(scale, 0.5, 4) : 1;
        width = Math.Clamp(width, EditorLayout.MinWidth, 4096);
        height = Math.Clamp(height, EditorLayout.MinHeight, 4096);
        EditorWindow? window = null;
        using (var trap = new XErrorTrap(display))
        {
            window = new EditorWindow(engine, host, display, parent, width, height, scale);
            if (trap.Errors == 0) return window;
        }
        window.Dispose();
        error = $"the host's parent window {parent:X} is not usable (X error {XErrorTrap.LastCode})";
        return null;
    }

    public int ConnectionFd => X11.XConnectionNumber(_display);
    public ulong Window => _window;
    public XdndDragSource Drag => _drag;
    public int FramesDrawn { get; private set; }
    public double LastFrameMs { get; private set; }

    public void Resize(int width, int height, double scale)
    {
        using var trap = new XErrorTrap(_display);
        width = Math.Clamp(width, EditorLayout.MinWidth, 4096);
        height = Math.Clamp(height, EditorLayout.MinHeight, 4096);
        scale = double.IsFinite(scale) ? Math.Clamp(scale, 0.5, 4) : _scale;
        if (width == _logicalWidth && height == _logicalHeight && scale == _scale) return;
        _logicalWidth = width;
        _logicalHeight = height;
        _scale = scale;
        _pixelWidth = (int)Math.Round(width * scale);
        _pixelHeight = (int)Math.Round(height * scale);
        FreeImage();
        AllocateImage();
        X11.XResizeWindow(_display, _window, (uint)_pixelWidth, (uint)_pixelHeight);
        _dirty = true;
    }

    /// <summary>Handles every pending event, moves a drag along, and redraws if anything changed (then true).</summary>
    public bool Idle()
    {
        using var trap = new XErrorTrap(_display);
        X11.XEvent e;
        while (X11.XPending(_display) > 0)
        {
            X11.XNextEvent(_display, &e);
            Handle(e);
        }
        _drag.Tick();
        _drop.Tick();
        if (_drop.TakeDropped() is { } dropped) LearnPaths(dropped, "dropped");
        if (_chooser.Poll() is { } chosen)
        {
            if (chosen.Count > 0) LearnPaths(chosen, "chosen");
            else ShowMessage("No file chosen");
        }
        if (_drop.TakeFailure() is { } failure) ShowMessage("Nothing learned: " + failure);
        if (_drop.Hovering != _drawnDropHint) { _drawnDropHint = _drop.Hovering; if (_drawnDropHint) ShowMessage(DropHint); }
        if (_drag.TakeFinished() is { } outcome && _drag.LastFile is { } file)
        {
            ShowMessage(outcome == "dropped" ? $"Dropped {Path.GetFileName(file)}" : $"Drag of {Path.GetFileName(file)}: {outcome}");
            EngineLog.Write(_engine.LogDirectory, $"drag {file}: {outcome}");
        }
        var view = Picture();
        long now = Stopwatch.GetTimestamp();
        if (_message is not null && now > _messageUntil) { _message = null; _dirty = true; }
        // Parameters can change from the host (automation, its generic UI): their values are on screen.
        double parameters = Param(ParameterTable.Enabled) + 3 * Param(ParameterTable.Mode) + 7 * Param(ParameterTable.Bars) +
                            11 * Param(ParameterTable.Temperature) + 13 * Param(ParameterTable.KeyLock) + 17 * Param(ParameterTable.Adaptation);
        if (parameters != _drawnParameters) { _drawnParameters = parameters; _dirty = true; }
        bool full = _dirty || AlwaysWhole || view.Version != _drawnVersion || _layout.Takes.Count != Math.Min(view.Takes.Count, EditorLayout.MaxTakes) ||
                    _layout.Width != _logicalWidth || _layout.Height != _logicalHeight;
        if (full)
        {
            Render(view, null);
            _playheadTake = -1;
        }
        else
        {
            // Only what moves is redrawn: the playing take's column (its playhead) and the status line when it changes.
            double ppq = view.PpqAt(CopilotSession.NowNanos());
            bool playing = view.PlayingTake >= 0 && ppq >= view.PlayingFromPpq - 1 && ppq <= view.PlayingToPpq + 0.5;
            int take = playing ? view.PlayingTake : -1;
            if (take != _playheadTake && _playheadTake >= 0 && _playheadTake < _layout.Takes.Count) Render(view, _layout.Takes[_playheadTake]);
            if (take >= 0 && take < _layout.Takes.Count) Render(view, _layout.Takes[take]);
            _playheadTake = take;
            if (Status() != _drawnStatus) Render(view, _layout.Status);
        }
        X11.XFlush(_display);
        bool drew = _framesBefore != FramesDrawn;
        _framesBefore = FramesDrawn;
        return drew;
    }

    // For the benchmark of whole frames (docs/editor.md): every tick redraws and blits everything.
    private static readonly bool AlwaysWhole = Environment.GetEnvironmentVariable("AICOPILOT_EDITOR_WHOLE_FRAMES") == "1";
    private double _drawnParameters = double.NaN;
    private int _playheadTake = -1, _framesBefore;
    private string? _drawnStatus;

    // The model's state, and how far the style is in learning the musician's files.
    private string Status() =>
        _engine.Session.LearningProgress is { Length: > 0 } learning ? $"{_engine.ModelStatus}   |   your files: {learning}" : _engine.ModelStatus;

    private void Handle(in X11.XEvent e)
    {
        switch (e.Type)
        {
            case X11.Expose: _dirty = true; break;
            case X11.ConfigureNotify: _dirty = true; break;
            case X11.ButtonPress when e.Button == 1: OnPress(e.X / (float)_scale, e.Y / (float)_scale, e.Time); break;
            case X11.ButtonRelease when e.Button == 1:
                if (_drag.Active) _drag.OnRelease(e.Time);
                _pressOnTake = null;
                break;
            case X11.MotionNotify: OnMotion(e); break;
            case X11.LeaveNotify: if (_hoverTake != -1) { _hoverTake = -1; _dirty = true; } break;
            case X11.ClientMessage: if (!_drop.OnClientMessage(e)) _drag.OnClientMessage(e); break;
            case X11.SelectionNotify: _drop.OnSelectionNotify(e); break;
            case X11.SelectionRequest: _drag.OnSelectionRequest(e); break;
        }
    }

    private void OnPress(float x, float y, ulong time)
    {
        if (_layout.ControlAt(x, y) is { } control) { Do(control); return; }
        int take = _layout.TakeAt(x, y);
        if (take >= 0 && take < Picture().Takes.Count)
        {
            _selectedTake = take;
            _pressOnTake = (take, (int)x, (int)y, time);
            _dirty = true;
        }
    }

    private void OnMotion(in X11.XEvent e)
    {
        float x = e.X / (float)_scale, y = e.Y / (float)_scale;
        if (_drag.Active) { _drag.OnMotion(e.XRoot, e.YRoot, e.Time); return; }
        int hover = _layout.TakeAt(x, y);
        if (hover != _hoverTake) { _hoverTake = hover; _dirty = true; }
        // A press on a take that moves more than a few pixels becomes a drag of that take as a .mid file.
        if (_pressOnTake is { } press && (e.State & (1u << 8)) != 0 && Math.Abs(x - press.X) + Math.Abs(y - press.Y) > 6)
        {
            _pressOnTake = null;
            if (WriteTake(press.Take) is { } path && _drag.Begin(path, press.Time)) _drag.OnMotion(e.XRoot, e.YRoot, e.Time);
        }
    }

    private void Do(Control control)
    {
        var session = _engine.Session;
        switch (control.Action)
        {
            case EditorAction.ToggleListen: Set(ParameterTable.Enabled, Param(ParameterTable.Enabled) >= 0.5 ? 0 : 1); break;
            case EditorAction.SuggestNow: session.Post(new TakeCommand(TakeCommandKind.SuggestNow)); break;
            case EditorAction.Regenerate: session.Post(new TakeCommand(TakeCommandKind.Regenerate)); break;
            case EditorAction.ExportTake:
                if (WriteTake(_selectedTake) is { } path) ShowMessage("Exported " + path);
                break;
            case EditorAction.OpenTakesFolder: OpenTakesFolder(); break;
            case EditorAction.LearnFiles: LearnFiles(); break;
            case EditorAction.CycleMode: Set(ParameterTable.Mode, ((int)Math.Round(Param(ParameterTable.Mode)) + 1) % 3); break;
            case EditorAction.BarsDown: Set(ParameterTable.Bars, Math.Max(1, Param(ParameterTable.Bars) - 1)); break;
            case EditorAction.BarsUp: Set(ParameterTable.Bars, Math.Min(16, Param(ParameterTable.Bars) + 1)); break;
            case EditorAction.TemperatureDown: Set(ParameterTable.Temperature, Math.Round(Param(ParameterTable.Temperature) - 0.05, 2)); break;
            case EditorAction.TemperatureUp: Set(ParameterTable.Temperature, Math.Round(Param(ParameterTable.Temperature) + 0.05, 2)); break;
            case EditorAction.ToggleKeyLock: Set(ParameterTable.KeyLock, Param(ParameterTable.KeyLock) >= 0.5 ? 0 : 1); break;
            case EditorAction.AdaptationDown: Set(ParameterTable.Adaptation, Math.Max(0, Param(ParameterTable.Adaptation) - 10)); break;
            case EditorAction.AdaptationUp: Set(ParameterTable.Adaptation, Math.Min(100, Param(ParameterTable.Adaptation) + 10)); break;
            case EditorAction.Audition: session.Post(new TakeCommand(TakeCommandKind.Audition, control.Take)); _selectedTake = control.Take; break;
            case EditorAction.Accept: session.Post(new TakeCommand(TakeCommandKind.Accept, control.Take)); _selectedTake = control.Take; break;
            case EditorAction.Delete: session.Post(new TakeCommand(TakeCommandKind.Delete, control.Take)); break;
            case EditorAction.MoreLikeThis: session.Post(new TakeCommand(TakeCommandKind.MoreLikeThis, control.Take)); _selectedTake = control.Take; break;
        }
        _dirty = true;
    }

    // The picture of the session's latest snapshot (its notes rebuilt only when the snapshot's contents changed).
    private EditorPicture Picture() => _picture = _picture.Following(_engine.Session.Snapshot);

    private double Param(ParameterEntry entry) => _engine.Param(entry);

    // The wrapper applies the value (clamped to the parameter's range) and tells the host, so automation records it.
    private void Set(ParameterEntry entry, double plain)
    {
        if (_host.SetParameter != null) _host.SetParameter(_host.Context, _engine.Slot(entry), plain);
    }

    private string? WriteTake(int take)
    {
        var view = Picture();
        if ((uint)take >= (uint)view.Takes.Count) { ShowMessage("No take to write yet"); return null; }
        try
        {
            return TakeFiles.Write(view.Takes[take], view.TakesStartPpq, view.Tempo, take);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ShowMessage("Could not write the take: " + ex.Message);
            EngineLog.Write(_engine.LogDirectory, "take not written: " + ex.Message);
            return null;
        }
    }

    private void OpenTakesFolder()
    {
        string folder = TakeFiles.Folder;
        ShowMessage(OpenFolder(folder) ? "Takes folder: " + folder : "Takes folder: " + folder + " (no file manager to open it)");
    }

    // "Learn files...": the desktop's file chooser, when it has one (its answer comes to Idle).
    private void LearnFiles()
    {
        if (_chooser.Open) { ShowMessage("The file chooser is already open"); return; }
        if (_chooser.Start()) { ShowMessage("Choose .mid or MusicXML files to teach the style"); return; }
        EngineLog.Write(_engine.LogDirectory, "no file chooser (zenity or kdialog) on this desktop: learning the learn folder");
        LearnFolder();
    }

    // Without a file chooser, the style learns the musician's own files from the learn folder (a file at a time on the
    // engine thread; the status line shows how far it is and the log names each file it could not read). An empty
    // folder is opened, so files can be put there.
    private void LearnFolder()
    {
        string folder = TakeFiles.LearnFolder;
        try
        {
            Directory.CreateDirectory(folder);
            if (Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories).Any(Engine.Offline.SongFiles.IsSong))
            {
                _engine.Session.LearnFrom(new[] { folder });
                ShowMessage("Learning your files from " + folder);
                return;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ShowMessage("Could not read " + folder + ": " + ex.Message);
            return;
        }
        OpenFolder(folder);
        ShowMessage("Put .mid or MusicXML files into " + folder + ", then press Learn files");
    }

    private const string DropHint = "Drop .mid or MusicXML files, or folders of them, to teach the style";
    private bool _drawnDropHint;

    // Files or folders dropped onto the editor or chosen in the file chooser are learned like the learn folder's; each
    // path that is not a song the style can read gets one line in the log, and the rest are learned all the same.
    private void LearnPaths(IReadOnlyList<string> paths, string how)
    {
        _engine.Session.LearnFrom(paths);
        EngineLog.Write(_engine.LogDirectory, $"{how} to learn: {string.Join(", ", paths)}");
        var songs = paths.Where(p => Directory.Exists(p) || Engine.Offline.SongFiles.IsSong(p)).ToList();
        ShowMessage(songs.Count == 0 ? "Nothing to learn there: only .mid or MusicXML files, or folders of them, teach the style"
            : songs.Count == 1 ? "Learning " + Path.GetFileName(songs[0].TrimEnd('/'))
            : $"Learning {songs.Count} {how} files and folders");
    }

    private static bool OpenFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            using var opener = Process.Start(new ProcessStartInfo("xdg-open", folder) { UseShellExecute = false });
            return true;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void ShowMessage(string text)
    {
        _message = text;
        _messageUntil = Stopwatch.GetTimestamp() + 4 * Stopwatch.Frequency;
        _dirty = true;
    }

    // Draws the whole editor, or only what lies in region (logical pixels), and puts that part on screen.
    private void Render(EditorPicture view, Rect? region)
    {
        long start = Stopwatch.GetTimestamp();
        if (_layout.Takes.Count != Math.Min(view.Takes.Count, EditorLayout.MaxTakes) || _layout.Width != _logicalWidth || _layout.Height != _logicalHeight)
            _layout = new EditorLayout(_logicalWidth, _logicalHeight, view.Takes.Count);
        if (_selectedTake >= view.Takes.Count) _selectedTake = Math.Max(0, view.Takes.Count - 1);
        var frame = new EditorFrame(view, view.PpqAt(CopilotSession.NowNanos()), Param(ParameterTable.Enabled) >= 0.5,
            (int)Math.Round(Param(ParameterTable.Mode)), (int)Math.Round(Param(ParameterTable.Bars)), Param(ParameterTable.Temperature),
            Param(ParameterTable.KeyLock) >= 0.5, Param(ParameterTable.Adaptation), Status(), _selectedTake, _hoverTake, _message);
        var info = new SKImageInfo(_pixelWidth, _pixelHeight, SKColorType.Bgra8888, SKAlphaType.Premul);
        using (var surface = SKSurface.Create(info, (IntPtr)_buffer!.Pixels, _buffer.Stride))
        {
            var canvas = surface.Canvas;
            canvas.Scale((float)_scale);
            if (region is { } r) canvas.ClipRect(new SKRect(r.X, r.Y, r.Right, r.Bottom));
            _renderer.Draw(canvas, _layout, frame);
            canvas.Flush();
        }
        long drawn = Stopwatch.GetTimestamp();
        if (region is { } part)
        {
            int x = Math.Clamp((int)Math.Floor(part.X * _scale), 0, _pixelWidth), y = Math.Clamp((int)Math.Floor(part.Y * _scale), 0, _pixelHeight);
            int right = Math.Clamp((int)Math.Ceiling(part.Right * _scale), x, _pixelWidth), bottom = Math.Clamp((int)Math.Ceiling(part.Bottom * _scale), y, _pixelHeight);
            _buffer.Put(_window, _gc, x, y, right - x, bottom - y);
        }
        else
        {
            _buffer.Put(_window, _gc, 0, 0, _pixelWidth, _pixelHeight);
            _dirty = false;
            _drawnVersion = view.Version;
        }
        _drawnStatus = frame.ModelStatus;
        X11.XSync(_display, 0);  // the blit is timed to the server having it, as the user sees it
        _timings.Add(region is null, Stopwatch.GetElapsedTime(start, drawn).TotalMilliseconds, Stopwatch.GetElapsedTime(drawn).TotalMilliseconds);
        FramesDrawn++;
        LastFrameMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private void AllocateImage() => _buffer = XImageBuffer.Create(_display, _visual, _depth, _pixelWidth, _pixelHeight);

    private void FreeImage()
    {
        _buffer?.Dispose();
        _buffer = null;
    }

    public void Dispose()
    {
        using (new XErrorTrap(_display))
        {
            EngineLog.Write(_engine.LogDirectory, $"editor closed ({_pixelWidth}x{_pixelHeight} px, scale {_scale}, " +
                                              $"{(_buffer?.SharedMemory == true ? "MIT-SHM" : "XPutImage")}): {_timings.Summary()}");
            FreeImage();
            _chooser.Dispose();
            _renderer.Dispose();
            X11.XFreeGC(_display, _gc);
            X11.XDestroyWindow(_display, _window);
            X11.XSync(_display, 0);
        }
        X11.XCloseDisplay(_display);
    }
}
