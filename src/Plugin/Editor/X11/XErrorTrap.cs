using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// Catches X protocol errors caused by the editor's own calls (a parent window that vanished, a bad id) for the length
/// of one callback: Xlib's default handler would exit the whole DAW. The host's own handler is put back afterwards,
/// so the process-wide setting is only borrowed while our code runs on the UI thread.
/// </summary>
internal readonly unsafe struct XErrorTrap : IDisposable
{
    [ThreadStatic] private static int _errors;
    [ThreadStatic] private static int _lastCode;
    private readonly IntPtr _display;
    private readonly IntPtr _previous;
    private readonly int _errorsBefore;

    public XErrorTrap(IntPtr display)
    {
        _display = display;
        _errorsBefore = _errors;
        _previous = X11.XSetErrorHandler((IntPtr)(delegate* unmanaged<IntPtr, IntPtr, int>)&OnError);
    }

    /// <summary>Errors caught since this trap was set (after an XSync, so replies have arrived).</summary>
    public int Errors
    {
        get
        {
            X11.XSync(_display, 0);
            return _errors - _errorsBefore;
        }
    }

    public static int LastCode => _lastCode;

    public void Dispose()
    {
        X11.XSync(_display, 0);  // errors from our calls arrive before the host's handler is back
        X11.XSetErrorHandler(_previous);
    }

    [UnmanagedCallersOnly]
    private static int OnError(IntPtr display, IntPtr error)
    {
        _errors++;
        _lastCode = error == IntPtr.Zero ? 0 : *((byte*)error + 32);  // XErrorEvent.error_code
        return 0;
    }
}
