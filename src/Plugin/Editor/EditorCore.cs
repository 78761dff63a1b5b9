using System.Diagnostics;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Taste;
using AiCoPilot.Plugin.Abi;
using SkiaSharp;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// The editor of one plug-in instance apart from any window system: its size and scale, the layout, the picture of
/// the session, what a click or a drag over it does, the messages on its status line, and the frames Skia draws into
/// the BGRA pixels a window lends it (<see cref="IEditorSurface"/>), whole or only what moved. A window of one system
/// (<see cref="X11EditorWindow"/>, <see cref="Win32EditorWindow"/>) owns the window, its events, the blit, the timer
/// and the drag and drop, and calls in here on the host's UI thread; nothing here knows which system it is on.
/// </summary>
internal sealed class EditorCore : IDisposable
{
    private const string DropHint = "Drop .mid or MusicXML files, or folders of them, to teach the style";
    // For the benchmark of whole frames (docs/editor.md): every tick redraws and blits everything.
    private static readonly bool AlwaysWhole = Environment.GetEnvironmentVariable("AICOPILOT_EDITOR_WHOLE_FRAMES") == "1";
    // For tests: where the editor writes its layout in window pixels whenever it changes, so a test clicks and drags
    // what the editor shows without knowing its geometry (tests/editor); its last line, "TakesShown N", counts the sets
    // of takes drawn so far, so a test sees new takes arrive even where the layout stays the same.
    private static readonly string? LayoutFile = Environment.GetEnvironmentVariable("AICOPILOT_EDITOR_LAYOUT") is { Length: > 0 } f ? f : null;

    private readonly EngineInstance _engine;
    private readonly EditorHost _host;
    private readonly IEditorDesktop _desktop;
    private readonly EditorRenderer _renderer = new();
    private readonly FrameTimings _timings = new();
    private EditorLayout _layout;
    private EditorPicture _picture = EditorPicture.Empty;
    private bool _dirty = true;
    private int _drawnVersion = -1, _playheadTake = -1;
    private double _drawnParameters = double.NaN;
    private string? _drawnStatus;
    private int _selectedTake, _hoverTake = -1;
    private (int Take, float X, float Y)? _pressOnTake;
    private string? _message;
    private long _messageUntil;
    private bool _dropHinted;
    private EditorLayout? _writtenLayout;
    private double _writtenLayoutScale;
    private IReadOnlyList<Take>? _writtenTakes;
    private int _takesShown;
    private TasteSummary? _drawnTaste;
    private (int Take, IReadOnlyList<Take> Shown)? _draggedTake;

    public EditorCore(EngineInstance engine, EditorHost host, IEditorDesktop desktop, int width, int height, double scale)
    {
        _engine = engine;
        _host = host;
        _desktop = desktop;
        (LogicalWidth, LogicalHeight, Scale) = Clamp(width, height, scale, 1);
        PixelWidth = Math.Max(1, (int)Math.Round(LogicalWidth * Scale));
        PixelHeight = Math.Max(1, (int)Math.Round(LogicalHeight * Scale));
        _layout = new EditorLayout(LogicalWidth, LogicalHeight, 0);
        // The taste shared across projects: the engine thread reads the per-user file at its next safe point (a
        // project without a taste of its own starts from it; a file that is not a taste is refused in the log).
        _engine.Session.Style.ShareTasteAcrossProjects(UserTasteFile.DefaultPath);
        _engine.Session.WorkArrived?.Invoke();
    }

    public int LogicalWidth { get; private set; }
    public int LogicalHeight { get; private set; }
    public double Scale { get; private set; }
    /// <summary>The window's size in pixels: the logical size times the scale.</summary>
    public int PixelWidth { get; private set; }
    public int PixelHeight { get; private set; }
    public int FramesDrawn { get; private set; }
    /// <summary>The file of the drag under way (a take written for it), or null.</summary>
    public string? DraggedFile { get; private set; }
    public string? LogDirectory => _engine.LogDirectory;

    /// <summary>Sizes and scales the host may ask for, brought into range (a scale that is not a number keeps <paramref name="fallbackScale"/>).</summary>
    public static (int Width, int Height, double Scale) Clamp(int width, int height, double scale, double fallbackScale) =>
        (Math.Clamp(width, EditorLayout.MinWidth, 4096), Math.Clamp(height, EditorLayout.MinHeight, 4096),
         double.IsFinite(scale) ? Math.Clamp(scale, 0.5, 4) : fallbackScale);

    /// <summary>A new logical size or scale; true when the pixel size changed (the window then needs new pixels).</summary>
    public bool Resize(int width, int height, double scale)
    {
        (width, height, scale) = Clamp(width, height, scale, Scale);
        if (width == LogicalWidth && height == LogicalHeight && scale == Scale) return false;
        LogicalWidth = width;
        LogicalHeight = height;
        Scale = scale;
        PixelWidth = Math.Max(1, (int)Math.Round(width * scale));
        PixelHeight = Math.Max(1, (int)Math.Round(height * scale));
        _dirty = true;
        return true;
    }

    /// <summary>Everything is drawn again at the next frame (the window was uncovered, or its pixels are new).</summary>
    public void Invalidate() => _dirty = true;

    // ---- Input, in window pixels ----

    /// <summary>The left button went down: a control does its action; a press on a take selects it (and may become a drag).</summary>
    public void Press(int pixelX, int pixelY)
    {
        float x = pixelX / (float)Scale, y = pixelY / (float)Scale;
        if (_layout.ControlAt(x, y) is { } control) { Do(control); return; }
        int take = _layout.TakeAt(x, y);
        if (take >= 0 && take < Picture().Takes.Count)
        {
            _selectedTake = take;
            _pressOnTake = (take, x, y);
            _dirty = true;
        }
    }

    /// <summary>The pointer moved (not during a drag). Returns the take to drag when a press on a take has moved more
    /// than a few pixels with the button held: the window then writes it (<see cref="BeginDrag"/>) and drags it.</summary>
    public int? Move(int pixelX, int pixelY, bool buttonHeld)
    {
        float x = pixelX / (float)Scale, y = pixelY / (float)Scale;
        int hover = _layout.TakeAt(x, y);
        if (hover != _hoverTake) { _hoverTake = hover; _dirty = true; }
        if (_pressOnTake is { } press && buttonHeld && Math.Abs(x - press.X) + Math.Abs(y - press.Y) > 6)
        {
            _pressOnTake = null;
            return press.Take;
        }
        return null;
    }

    /// <summary>The left button went up (outside a drag).</summary>
    public void Release() => _pressOnTake = null;

    /// <summary>The pointer left the window.</summary>
    public void Leave()
    {
        if (_hoverTake != -1) { _hoverTake = -1; _dirty = true; }
    }

    // ---- Dragging a take out ----

    /// <summary>Writes the take as a .mid file for a drag and remembers it as the file being dragged; null (with a
    /// message) when there is no such take or it could not be written.</summary>
    public string? BeginDrag(int take)
    {
        var shown = Picture().Snapshot.Takes;
        DraggedFile = WriteTake(take);
        _draggedTake = DraggedFile is null ? null : (take, shown);
        return DraggedFile;
    }

    /// <summary>The drag of <see cref="DraggedFile"/> ended: "dropped", or why not. A take dropped somewhere (not onto
    /// the editor itself, which refuses its own drag) is a take kept: the session learns it.</summary>
    public void DragFinished(string outcome)
    {
        if (DraggedFile is not { } file) return;
        ShowMessage(outcome == "dropped" ? $"Dropped {Path.GetFileName(file)}" : $"Drag of {Path.GetFileName(file)}: {outcome}");
        Log($"drag {file}: {outcome}");
        if (outcome == "dropped" && _draggedTake is { } dragged) Post(new TakeCommand(TakeCommandKind.DragOut, dragged.Take, dragged.Shown));
        DraggedFile = null;
        _draggedTake = null;
    }

    // ---- Files dropped onto the editor or chosen, to learn ----

    /// <summary>A drag that offers files is over the editor (true) or has left it (false): a hint on the status line.</summary>
    public void DropHover(bool hovering)
    {
        if (hovering == _dropHinted) return;
        _dropHinted = hovering;
        if (hovering) ShowMessage(DropHint);
    }

    /// <summary>True when the path is the editor's own: the file it is dragging, or anything in its takes folder (the
    /// style learns the player's music, never the takes it wrote itself).</summary>
    public bool IsOwnFile(string path) => IsOwnFile(path, TakeFiles.Folder, DraggedFile);

    /// <summary>See <see cref="IsOwnFile(string)"/>: <paramref name="path"/> is <paramref name="dragged"/>, or is or lies in <paramref name="takesFolder"/>.</summary>
    internal static bool IsOwnFile(string path, string takesFolder, string? dragged)
    {
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        string full;
        try { full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return false; }
        if (dragged is not null && string.Equals(full, Path.GetFullPath(dragged), comparison)) return true;
        string folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(takesFolder));
        return string.Equals(full, folder, comparison) ||
               (full.StartsWith(folder, comparison) && full.Length > folder.Length && full[folder.Length] == Path.DirectorySeparatorChar);
    }

    /// <summary>Files or folders dropped onto the editor ("dropped") or chosen in a file dialog ("chosen") are learned
    /// like the learn folder's, except the editor's own (<see cref="IsOwnFile(string)"/>); each path that is not a song the
    /// style can read gets one line in the log, and the rest are learned all the same.</summary>
    public void Learn(IReadOnlyList<string> paths, string how)
    {
        var own = paths.Where(IsOwnFile).ToList();
        var learn = paths.Where(p => !IsOwnFile(p)).ToList();
        if (own.Count > 0) Log($"{how}, not learned (the editor's own takes): {string.Join(", ", own)}");
        if (learn.Count == 0)
        {
            ShowMessage(own.Count > 0 ? "Not learned: takes AiCoPilot wrote are not your playing" : "Nothing to learn there");
            return;
        }
        _engine.Session.LearnFrom(learn);
        Log($"{how} to learn: {string.Join(", ", learn)}");
        var songs = learn.Where(p => Directory.Exists(p) || Engine.Offline.SongFiles.IsSong(p)).ToList();
        ShowMessage(songs.Count == 0 ? "Nothing to learn there: only .mid or MusicXML files, or folders of them, teach the style"
            : songs.Count == 1 ? "Learning " + Path.GetFileName(Path.TrimEndingDirectorySeparator(songs[0]))
            : $"Learning {songs.Count} {how} files and folders");
    }

    /// <summary>The file dialog closed: the paths chosen (none when cancelled).</summary>
    public void Chosen(IReadOnlyList<string> paths)
    {
        if (paths.Count > 0) Learn(paths, "chosen");
        else ShowMessage("No file chosen");
    }

    /// <summary>A line on the status line for a few seconds.</summary>
    public void ShowMessage(string text)
    {
        _message = text;
        _messageUntil = Stopwatch.GetTimestamp() + 4 * Stopwatch.Frequency;
        _dirty = true;
    }

    public void Log(string line) => EngineLog.Write(_engine.LogDirectory, line);

    // ---- Frames ----

    /// <summary>
    /// Draws what changed since the last frame into the window's pixels and has the window show that part: everything
    /// when something changed (a new answer or command, a parameter, a click, a resize), else only the playing take's
    /// column (its playhead) and the status line when its text changed. True when anything was drawn.
    /// </summary>
    public bool Draw(IEditorSurface surface)
    {
        int framesBefore = FramesDrawn;
        var view = Picture();
        long now = Stopwatch.GetTimestamp();
        if (_message is not null && now > _messageUntil) { _message = null; _dirty = true; }
        // Parameters can change from the host (automation, its generic UI): their values are on screen.
        double parameters = Param(ParameterTable.Enabled) + 3 * Param(ParameterTable.Mode) + 7 * Param(ParameterTable.Bars) +
                            11 * Param(ParameterTable.Temperature) + 13 * Param(ParameterTable.KeyLock) + 17 * Param(ParameterTable.Adaptation);
        if (parameters != _drawnParameters) { _drawnParameters = parameters; _dirty = true; }
        var taste = _engine.Session.Style.TasteSummary;
        if (!ReferenceEquals(taste, _drawnTaste)) { _drawnTaste = taste; _dirty = true; }
        bool full = _dirty || AlwaysWhole || view.Version != _drawnVersion || _layout.Takes.Count != Math.Min(view.Takes.Count, EditorLayout.MaxTakes) ||
                    _layout.Width != LogicalWidth || _layout.Height != LogicalHeight;
        if (full)
        {
            Render(surface, view, null);
            _playheadTake = -1;
        }
        else
        {
            double ppq = view.PpqAt(CopilotSession.NowNanos());
            bool playing = view.PlayingTake >= 0 && ppq >= view.PlayingFromPpq - 1 && ppq <= view.PlayingToPpq + 0.5;
            int take = playing ? view.PlayingTake : -1;
            if (take != _playheadTake && _playheadTake >= 0 && _playheadTake < _layout.Takes.Count) Render(surface, view, _layout.Takes[_playheadTake]);
            if (take >= 0 && take < _layout.Takes.Count) Render(surface, view, _layout.Takes[take]);
            _playheadTake = take;
            if (Status() != _drawnStatus) Render(surface, view, _layout.Status);
        }
        return FramesDrawn != framesBefore;
    }

    /// <summary>The window's tick that drew a frame took this long (its events, the drawing and the blit): for the
    /// wrapper's frame figures.</summary>
    public unsafe void FrameShown(double milliseconds)
    {
        if (_host.FrameDrawn != null) _host.FrameDrawn(_host.Context, milliseconds);
    }

    /// <summary>Drawing and blit times of the frames so far, for the log line when the editor closes.</summary>
    public string TimingsSummary => _timings.Summary();

    // Draws the whole editor, or only what lies in region (logical pixels), and has the window show that part.
    private unsafe void Render(IEditorSurface surface, EditorPicture view, Rect? region)
    {
        long start = Stopwatch.GetTimestamp();
        if (_layout.Takes.Count != Math.Min(view.Takes.Count, EditorLayout.MaxTakes) || _layout.Width != LogicalWidth || _layout.Height != LogicalHeight)
            _layout = new EditorLayout(LogicalWidth, LogicalHeight, view.Takes.Count);
        if (LayoutFile is not null && (!ReferenceEquals(_writtenLayout, _layout) || _writtenLayoutScale != Scale || !ReferenceEquals(_writtenTakes, view.Snapshot.Takes)))
        {
            if (!ReferenceEquals(_writtenTakes, view.Snapshot.Takes)) _takesShown++;
            WriteLayout(LayoutFile);
            (_writtenLayout, _writtenLayoutScale, _writtenTakes) = (_layout, Scale, view.Snapshot.Takes);
        }
        if (_selectedTake >= view.Takes.Count) _selectedTake = Math.Max(0, view.Takes.Count - 1);
        var frame = new EditorFrame(view, view.PpqAt(CopilotSession.NowNanos()), Param(ParameterTable.Enabled) >= 0.5,
            (int)Math.Round(Param(ParameterTable.Mode)), (int)Math.Round(Param(ParameterTable.Bars)), Param(ParameterTable.Temperature),
            Param(ParameterTable.KeyLock) >= 0.5, Param(ParameterTable.Adaptation), Status(), _selectedTake, _hoverTake, _message,
            _engine.Session.Style.TasteSummary);
        var info = new SKImageInfo(PixelWidth, PixelHeight, SKColorType.Bgra8888, SKAlphaType.Premul);
        using (var skia = SKSurface.Create(info, (IntPtr)surface.Pixels, surface.Stride))
        {
            var canvas = skia.Canvas;
            canvas.Scale((float)Scale);
            if (region is { } r) canvas.ClipRect(new SKRect(r.X, r.Y, r.Right, r.Bottom));
            _renderer.Draw(canvas, _layout, frame);
            canvas.Flush();
        }
        long drawn = Stopwatch.GetTimestamp();
        if (region is { } part)
        {
            int x = Math.Clamp((int)Math.Floor(part.X * Scale), 0, PixelWidth), y = Math.Clamp((int)Math.Floor(part.Y * Scale), 0, PixelHeight);
            int right = Math.Clamp((int)Math.Ceiling(part.Right * Scale), x, PixelWidth), bottom = Math.Clamp((int)Math.Ceiling(part.Bottom * Scale), y, PixelHeight);
            surface.Show(x, y, right - x, bottom - y);
        }
        else
        {
            surface.Show(0, 0, PixelWidth, PixelHeight);
            _dirty = false;
            _drawnVersion = view.Version;
        }
        _drawnStatus = frame.ModelStatus;
        _timings.Add(region is null, Stopwatch.GetElapsedTime(start, drawn).TotalMilliseconds, Stopwatch.GetElapsedTime(drawn).TotalMilliseconds);
        FramesDrawn++;
    }

    // One line per control ("Action take x y width height"), take column ("Take n ..."), the phrase and the status
    // line, in window pixels; written beside and renamed, so a reader never sees half of it.
    private void WriteLayout(string path)
    {
        string Pixels(Rect r) => $"{(int)Math.Round(r.X * Scale)} {(int)Math.Round(r.Y * Scale)} {(int)Math.Round(r.Width * Scale)} {(int)Math.Round(r.Height * Scale)}";
        var lines = _layout.Controls.Select(c => $"{c.Action} {c.Take} {Pixels(c.Bounds)}")
            .Concat(_layout.Takes.Select((r, t) => $"Take {t} {Pixels(r)}"))
            .Append($"Phrase -1 {Pixels(_layout.Phrase)}").Append($"Status -1 {Pixels(_layout.Status)}").Append($"TakesShown {_takesShown}");
        try
        {
            File.WriteAllLines(path + ".part", lines);
            File.Move(path + ".part", path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Log("layout not written: " + e.Message); }
    }

    // ---- What the controls do ----

    private void Do(Control control)
    {
        // Commands name the takes the musician sees, so each reaches the take it was clicked under (and the taste
        // learns what was shown beside it) even if new takes arrived meanwhile.
        var shown = Picture().Snapshot.Takes;
        TakeCommand On(TakeCommandKind kind, int take) => new(kind, take, shown);
        switch (control.Action)
        {
            case EditorAction.ToggleListen: Set(ParameterTable.Enabled, Param(ParameterTable.Enabled) >= 0.5 ? 0 : 1); break;
            case EditorAction.SuggestNow: Post(new TakeCommand(TakeCommandKind.SuggestNow)); break;
            case EditorAction.Regenerate: Post(On(TakeCommandKind.Regenerate, 0)); break;
            case EditorAction.ExportTake:
                int selected = _selectedTake;
                if (WriteTake(selected) is { } path)
                {
                    ShowMessage("Exported " + path);
                    Post(On(TakeCommandKind.Export, selected));  // an exported take is a take kept
                }
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
            case EditorAction.Audition: Post(On(TakeCommandKind.Audition, control.Take)); _selectedTake = control.Take; break;
            case EditorAction.Accept: Post(On(TakeCommandKind.Accept, control.Take)); _selectedTake = control.Take; break;
            case EditorAction.Delete: Post(On(TakeCommandKind.Delete, control.Take)); break;
            case EditorAction.MoreLikeThis: Post(On(TakeCommandKind.MoreLikeThis, control.Take)); _selectedTake = control.Take; break;
            case EditorAction.ForgetTaste:
                Post(new TakeCommand(TakeCommandKind.ForgetTaste));
                ShowMessage(_engine.Session.Style.TasteSummary.SharesTaste ? "Forgot your taste, in this project and across projects" : "Forgot your taste in this project");
                break;
            case EditorAction.ToggleTasteSharing:
                bool share = !_engine.Session.Style.TasteSummary.SharesTaste;
                Post(new TakeCommand(TakeCommandKind.ShareTaste, share ? 1 : 0));
                ShowMessage(share ? "Your taste is shared across projects" : "Your taste stays in this project");
                break;
        }
        _dirty = true;
    }

    // The session is reached through these few members only: its snapshot, its commands, its learning, its taste.
    private void Post(TakeCommand command) => _engine.Session.Post(command);

    // The picture of the session's latest snapshot (its notes rebuilt only when the snapshot's contents changed).
    private EditorPicture Picture() => _picture = _picture.Following(_engine.Session.Snapshot);

    // The model's state, and how far the style is in learning the musician's files.
    private string Status() =>
        _engine.Session.LearningProgress is { Length: > 0 } learning ? $"{_engine.ModelStatus}   |   your files: {learning}" : _engine.ModelStatus;

    private double Param(ParameterEntry entry) => _engine.Param(entry);

    // The wrapper applies the value (clamped to the parameter's range) and tells the host, so automation records it.
    private unsafe void Set(ParameterEntry entry, double plain)
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
            Log("take not written: " + ex.Message);
            return null;
        }
    }

    private void OpenTakesFolder()
    {
        string folder = TakeFiles.Folder;
        ShowMessage(OpenFolder(folder) ? "Takes folder: " + folder : "Takes folder: " + folder + " (no file manager to open it)");
    }

    // "Learn files...": the system's file dialog, when it has one (its answer comes back through Chosen).
    private void LearnFiles()
    {
        if (_desktop.ChoosingFiles) { ShowMessage("The file chooser is already open"); return; }
        if (_desktop.ChooseFiles()) { ShowMessage("Choose .mid or MusicXML files to teach the style"); return; }
        Log("no file chooser on this desktop: learning the learn folder");
        LearnFolder();
    }

    // Without a file dialog, the style learns the musician's own files from the learn folder (a file at a time on the
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

    private bool OpenFolder(string folder)
    {
        try { Directory.CreateDirectory(folder); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; }
        return _desktop.OpenFolder(folder);
    }

    public void Dispose() => _renderer.Dispose();
}
