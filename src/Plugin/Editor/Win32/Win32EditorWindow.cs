using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// The editor's Win32 window: a child window of the host's parent HWND, of a window class this library registers
/// once per process, whose pixels are a DIB section its <see cref="EditorCore"/> draws into and BitBlt shows. Its
/// own 16 ms WM_TIMER moves the playhead (Windows hosts have no run loop to lend); the mouse clicks, hovers and drags
/// a take out with OLE (<see cref="OleFileDragSource"/>); files dropped on it are learned (<see cref="OleFileDropTarget"/>,
/// or WM_DROPFILES when the thread has no OLE); "Learn files..." opens the Open dialog and "Takes folder" Explorer.
/// It never takes the keyboard focus. Everything runs on the host's UI thread, in the host's message loop.
/// </summary>
internal sealed unsafe class Win32EditorWindow : IEditorWindow, IEditorSurface, IEditorDesktop
{
    private const string ClassName = "AiCoPilotEditor";
    private const nuint TimerId = 1;
    private const uint TimerMs = 16, WmChooseFiles = Win32.WM_APP + 1;
    private static readonly object ClassGate = new();
    private static bool _classRegistered;

    private readonly EditorCore _editor;
    private readonly OleFileDragSource _drag = new();
    private readonly OleFileDropTarget _drop;
    private readonly bool _ole;          // OLE is initialized on this thread (by us: balanced in Dispose)
    private bool _dropRegistered, _trackingLeave, _choosing, _destroyed, _disposed;
    private nint _hwnd, _memoryDc, _bitmap, _oldBitmap;
    private byte* _pixels;
    private GCHandle _self;

    private Win32EditorWindow(EngineInstance engine, EditorHost host, int width, int height, double scale)
    {
        _editor = new EditorCore(engine, host, this, width, height, scale);
        _drop = new OleFileDropTarget(() => _drag.Active, _editor.IsOwnFile);
        // DoDragDrop and RegisterDragDrop need OLE on this (the host's UI) thread; most hosts have it already (S_FALSE).
        int ole = Win32.OleInitialize(0);
        _ole = ole is 0 or 1;
        if (!_ole) _editor.Log($"OLE is not available on the host's UI thread (0x{ole:X8}): takes cannot be dragged out; dropped files arrive as WM_DROPFILES");
    }

    /// <summary>Opens the editor in the host's parent window (an HWND), or returns null with the reason.</summary>
    public static Win32EditorWindow? Open(EngineInstance engine, EditorHost host, nint parent, int width, int height, double scale, out string? error)
    {
        error = null;
        if (parent == 0 || !Win32.IsWindow(parent)) { error = $"the host's parent window {parent:X} is not a window"; return null; }
        SkiaLoader.Configure(engine.BundleDirectory);
        nint module = ThisModule();
        if (!RegisterClass(module, out error)) return null;
        var window = new Win32EditorWindow(engine, host, width, height, scale);
        if (!window.Create(parent, module, out error))
        {
            window.Dispose();
            return null;
        }
        return window;
    }

    public int EventFd => -1;  // no run loop: the window's own timer drives it

    private bool Create(nint parent, nint module, out string? error)
    {
        error = null;
        _self = GCHandle.Alloc(this);
        fixed (char* className = ClassName)
        fixed (char* title = "AiCoPilot editor")
            _hwnd = Win32.CreateWindowExW(0, className, title, Win32.WS_CHILD | Win32.WS_CLIPSIBLINGS | Win32.WS_CLIPCHILDREN,
                0, 0, _editor.PixelWidth, _editor.PixelHeight, parent, 0, module, 0);
        if (_hwnd == 0) { error = $"CreateWindowEx failed (error {Marshal.GetLastPInvokeError()})"; return false; }
        Win32.SetWindowLongPtrW(_hwnd, Win32.GWLP_USERDATA, GCHandle.ToIntPtr(_self));
        if (!AllocateBitmap()) { error = "no DIB section for the editor's pixels"; return false; }
        if (_ole)
        {
            nint target = _drop.ComPointer();
            _dropRegistered = Win32.RegisterDragDrop(_hwnd, target) == 0;
            Marshal.Release(target);  // OLE keeps its own reference while registered
        }
        if (!_dropRegistered) Win32.DragAcceptFiles(_hwnd, true);
        Win32.SetTimer(_hwnd, TimerId, TimerMs, 0);
        Win32.ShowWindow(_hwnd, Win32.SW_SHOWNA);  // shown, not activated: the host keeps the keyboard focus
        return true;
    }

    public void Resize(int width, int height, double scale)
    {
        if (_destroyed || !_editor.Resize(width, height, scale)) return;
        FreeBitmap();
        AllocateBitmap();
        Win32.SetWindowPos(_hwnd, 0, 0, 0, _editor.PixelWidth, _editor.PixelHeight, Win32.SWP_NOMOVE | Win32.SWP_NOZORDER | Win32.SWP_NOACTIVATE);
        Idle();  // the new pixels drawn now, before a WM_PAINT could show them empty
    }

    /// <summary>One tick (the window's timer, or the wrapper once when it opens): what was dropped or chosen, then the
    /// frame. True when a frame was drawn.</summary>
    public bool Idle()
    {
        if (_destroyed || _pixels == null) return false;
        long start = Stopwatch.GetTimestamp();
        if (_drop.TakeDropped() is { } dropped) _editor.Learn(dropped, "dropped");
        _editor.DropHover(_drop.Hovering);
        Win32.GdiFlush();  // GDI is done with the DIB before Skia writes into it
        bool drew = _editor.Draw(this);
        if (drew) _editor.FrameShown(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        return drew;
    }

    // ---- The window procedure: one for the class, finding the instance in GWLP_USERDATA ----

    [UnmanagedCallersOnly]
    private static nint WindowProc(nint hwnd, uint message, nuint wParam, nint lParam)
    {
        nint cookie = Win32.GetWindowLongPtrW(hwnd, Win32.GWLP_USERDATA);
        if (cookie == 0 || GCHandle.FromIntPtr(cookie).Target is not Win32EditorWindow window)
            return Win32.DefWindowProcW(hwnd, message, wParam, lParam);
        try
        {
            if (window.Handle(message, wParam, lParam) is { } handled) return handled;
        }
        catch (Exception e)
        {
            // Nothing may escape into the host's message loop.
            try { window._editor.Log("editor window error: " + e); } catch { }
        }
        if (message == Win32.WM_NCDESTROY) window.Destroyed();
        return Win32.DefWindowProcW(hwnd, message, wParam, lParam);
    }

    // What the editor does with a message; null: the default handling.
    private nint? Handle(uint message, nuint wParam, nint lParam)
    {
        switch (message)
        {
            case Win32.WM_PAINT:
                Paint();
                return 0;
            case Win32.WM_ERASEBKGND:
                return 1;  // the DIB covers everything: no flicker
            case Win32.WM_TIMER when wParam == TimerId:
                Idle();
                return 0;
            case Win32.WM_LBUTTONDOWN:
                Win32.SetCapture(_hwnd);  // the release and the moves of a drag come here even outside the window
                _editor.Press(Win32.LowSigned(lParam), Win32.HighSigned(lParam));
                Idle();
                return 0;
            case Win32.WM_LBUTTONUP:
                if (Win32.GetCapture() == _hwnd) Win32.ReleaseCapture();
                _editor.Release();
                return 0;
            case Win32.WM_MOUSEMOVE:
                OnMouseMove(Win32.LowSigned(lParam), Win32.HighSigned(lParam), (wParam & Win32.MK_LBUTTON) != 0);
                return 0;
            case Win32.WM_MOUSELEAVE:
                _trackingLeave = false;
                _editor.Leave();
                return 0;
            case Win32.WM_DROPFILES:
                var paths = Win32.DroppedPaths((nint)wParam);
                Win32.DragFinish((nint)wParam);
                if (!_drag.Active) _editor.Learn(paths, "dropped");
                return 0;
            case WmChooseFiles:
                ChooseFilesNow();
                return 0;
        }
        return null;
    }

    private void OnMouseMove(int x, int y, bool buttonHeld)
    {
        if (!_trackingLeave)
        {
            var track = new Win32.TRACKMOUSEEVENT { cbSize = (uint)sizeof(Win32.TRACKMOUSEEVENT), dwFlags = Win32.TME_LEAVE, hwndTrack = _hwnd };
            _trackingLeave = Win32.TrackMouseEvent(&track);
        }
        // A press on a take that moves more than a few pixels becomes a drag of that take as a .mid file.
        if (_editor.Move(x, y, buttonHeld) is not { } take) return;
        if (!_ole) { _editor.ShowMessage("Takes cannot be dragged here (no OLE on the host's UI thread): use Export .mid"); return; }
        if (_editor.BeginDrag(take) is not { } path) return;
        if (Win32.GetCapture() == _hwnd) Win32.ReleaseCapture();  // OLE's drag loop tracks the mouse itself
        string outcome = _drag.Drag(path);  // modal: returns when the drop is done or cancelled
        if (_disposed) return;  // the host closed the editor during the drag
        _editor.DragFinished(outcome);
        Idle();
    }

    private void Paint()
    {
        Win32.PAINTSTRUCT paint;
        nint dc = Win32.BeginPaint(_hwnd, &paint);
        if (dc != 0 && _memoryDc != 0)
        {
            if (_editor.FramesDrawn == 0) Idle();
            var r = paint.rcPaint;
            Win32.BitBlt(dc, r.left, r.top, r.right - r.left, r.bottom - r.top, _memoryDc, r.left, r.top, Win32.SRCCOPY);
        }
        Win32.EndPaint(_hwnd, &paint);
    }

    // ---- IEditorSurface: the DIB section's pixels, blitted to the window ----

    public byte* Pixels => _pixels;
    public int Stride => _editor.PixelWidth * 4;

    public void Show(int x, int y, int width, int height)
    {
        nint dc = Win32.GetDC(_hwnd);
        if (dc == 0) return;
        Win32.BitBlt(dc, x, y, width, height, _memoryDc, x, y, Win32.SRCCOPY);
        Win32.ReleaseDC(_hwnd, dc);
        Win32.GdiFlush();  // the blit is timed to GDI having done it
    }

    // ---- IEditorDesktop: Explorer and the Open dialog ----

    public bool OpenFolder(string folder)
    {
        fixed (char* operation = "explore")
        fixed (char* path = folder)
            return Win32.ShellExecuteW(_hwnd, operation, path, null, null, Win32.SW_SHOWNORMAL) > 32;
    }

    public bool ChooseFiles()
    {
        if (_choosing || !Win32FileDialog.Available) return false;
        // The dialog is modal: it is opened from a message of its own, after the click that asked for it is handled.
        _choosing = Win32.PostMessageW(_hwnd, WmChooseFiles, 0, 0);
        return _choosing;
    }

    public bool ChoosingFiles => _choosing;

    private void ChooseFilesNow()
    {
        var chosen = Win32FileDialog.ChooseSongs(Win32.GetAncestor(_hwnd, Win32.GA_ROOT), out string? error);
        _choosing = false;
        if (_disposed) return;  // the editor closed while the dialog was open
        if (chosen is not null) _editor.Chosen(chosen);
        else _editor.ShowMessage("Nothing learned: " + error);
    }

    // ---- The window class, the module, the pixels ----

    private static bool RegisterClass(nint module, out string? error)
    {
        error = null;
        lock (ClassGate)
        {
            if (_classRegistered) return true;
            fixed (char* name = ClassName)
            {
                var windowClass = new Win32.WNDCLASSEXW
                {
                    cbSize = (uint)sizeof(Win32.WNDCLASSEXW),
                    lpfnWndProc = &WindowProc,
                    hInstance = module,
                    hCursor = Win32.LoadCursorW(0, Win32.IDC_ARROW),
                    lpszClassName = name,
                };
                if (Win32.RegisterClassExW(&windowClass) == 0 && Marshal.GetLastPInvokeError() != Win32.ERROR_CLASS_ALREADY_EXISTS)
                {
                    error = $"RegisterClassEx failed (error {Marshal.GetLastPInvokeError()})";
                    return false;
                }
            }
            _classRegistered = true;  // for the life of the process: the engine library is never unloaded
            return true;
        }
    }

    // The engine library's own module (the class belongs to it, not to the host's executable).
    private static nint ThisModule()
    {
        nint module;
        var address = (nint)(delegate* unmanaged<nint, uint, nuint, nint, nint>)&WindowProc;
        return Win32.GetModuleHandleExW(Win32.GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | Win32.GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, address, &module)
            ? module : 0;
    }

    private bool AllocateBitmap()
    {
        var header = new Win32.BITMAPINFOHEADER
        {
            biSize = (uint)sizeof(Win32.BITMAPINFOHEADER),
            biWidth = _editor.PixelWidth,
            biHeight = -_editor.PixelHeight,  // top row first, as Skia draws
            biPlanes = 1,
            biBitCount = 32,
            biCompression = Win32.BI_RGB,
        };
        void* bits;
        _memoryDc = Win32.CreateCompatibleDC(0);
        _bitmap = Win32.CreateDIBSection(_memoryDc, &header, Win32.DIB_RGB_COLORS, &bits, 0, 0);
        if (_memoryDc == 0 || _bitmap == 0 || bits == null) { FreeBitmap(); return false; }
        _oldBitmap = Win32.SelectObject(_memoryDc, _bitmap);
        _pixels = (byte*)bits;
        _editor.Invalidate();
        return true;
    }

    private void FreeBitmap()
    {
        if (_memoryDc != 0 && _oldBitmap != 0) Win32.SelectObject(_memoryDc, _oldBitmap);
        if (_bitmap != 0) Win32.DeleteObject(_bitmap);
        if (_memoryDc != 0) Win32.DeleteDC(_memoryDc);
        _memoryDc = _bitmap = _oldBitmap = 0;
        _pixels = null;
    }

    // WM_NCDESTROY: the window is gone (closed by us, or with the host's parent window).
    private void Destroyed()
    {
        _destroyed = true;
        Win32.SetWindowLongPtrW(_hwnd, Win32.GWLP_USERDATA, 0);
        if (_self.IsAllocated) _self.Free();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _editor.Log($"editor closed ({_editor.PixelWidth}x{_editor.PixelHeight} px, scale {_editor.Scale}, GDI): {_editor.TimingsSummary}");
        if (_hwnd != 0 && !_destroyed)
        {
            Win32.KillTimer(_hwnd, TimerId);
            if (_dropRegistered) Win32.RevokeDragDrop(_hwnd);
            Win32.DestroyWindow(_hwnd);  // WM_NCDESTROY frees the handle to this object
        }
        if (_self.IsAllocated) _self.Free();
        FreeBitmap();
        _editor.Dispose();
        if (_ole && !_drag.Active) Win32.OleUninitialize();  // (closed during its own drag: OLE stays, DoDragDrop still runs)
    }
}
