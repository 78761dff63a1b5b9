using System.Diagnostics;
using System.Text;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// Drags a file out of the editor with the XDND protocol (version 5), offering it as text/uri-list. A state machine
/// driven by the editor's event handling and timer ticks: it never blocks the host's UI thread. The pointer is grabbed
/// for the drag; a target that stops answering releases it after <see cref="Timeout"/>.
/// </summary>
internal sealed unsafe class XdndDragSource
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private const uint GrabMask = (uint)(X11.ButtonReleaseMask | X11.PointerMotionMask);

    private readonly IntPtr _display;
    private readonly ulong _window;
    private readonly XdndAtoms _atoms;
    private enum State { Idle, Dragging, Dropped }
    private State _state;
    private byte[] _uriList = Array.Empty<byte>();
    private ulong _target, _targetProxy;
    private bool _accepted, _positionInFlight, _positionPending;
    private int _rootX, _rootY;
    private ulong _lastTime;
    private readonly Stopwatch _waiting = new();

    public XdndDragSource(IntPtr display, ulong window)
    {
        _display = display;
        _window = window;
        _atoms = new XdndAtoms(display);
    }

    public bool Active => _state != State.Idle;
    /// <summary>The last drag's outcome, for the status line and tests: "dropped", "refused", "timed out".</summary>
    public string? LastOutcome { get; private set; }
    private bool _finishedUnread;

    /// <summary>The outcome of a drag that ended since the last call, once; null otherwise.</summary>
    public string? TakeFinished()
    {
        if (!_finishedUnread) return null;
        _finishedUnread = false;
        return LastOutcome;
    }

    /// <summary>Starts dragging a file: takes the XdndSelection and grabs the pointer. False when the grab fails.</summary>
    public bool Begin(string path, ulong pressTime)
    {
        if (_state != State.Idle) return false;
        _uriList = Encoding.ASCII.GetBytes(FileUri(path) + "\r\n");
        X11.XSetSelectionOwner(_display, _atoms.Selection, _window, pressTime);
        int grab = X11.XGrabPointer(_display, _window, 0, GrabMask, X11.GrabModeAsync, X11.GrabModeAsync, X11.None, X11.None, pressTime);
        if (grab != X11.GrabSuccess) { LastOutcome = "the pointer could not be grabbed"; _finishedUnread = true; return false; }
        _state = State.Dragging;
        _target = _targetProxy = 0;
        _accepted = _positionInFlight = _positionPending = false;
        _lastTime = pressTime;
        return true;
    }

    public void OnMotion(int rootX, int rootY, ulong time)
    {
        if (_state != State.Dragging) return;
        _rootX = rootX; _rootY = rootY; _lastTime = time;
        var (target, proxy, version) = FindTarget(rootX, rootY);
        if (target != _target)
        {
            if (_target != 0) Send(_atoms.Leave, 0, 0, 0, 0);
            _target = target;
            _targetProxy = proxy;
            _accepted = _positionInFlight = false;
            if (_target != 0) Send(_atoms.Enter, (long)Math.Min(version, XdndAtoms.Version) << 24, (long)_atoms.UriList, 0, 0);
        }
        if (_target == 0) return;
        if (_positionInFlight && _waiting.Elapsed < Timeout) { _positionPending = true; return; }  // one position in flight
        SendPosition();
    }

    public void OnRelease(ulong time)
    {
        if (_state != State.Dragging) return;
        X11.XUngrabPointer(_display, time);
        if (_target != 0 && _accepted)
        {
            Send(_atoms.Drop, 0, (long)time, 0, 0);
            _state = State.Dropped;
            _waiting.Restart();
        }
        else
        {
            if (_target != 0) Send(_atoms.Leave, 0, 0, 0, 0);
            Finish(_target == 0 ? "no drop target there" : "the target refused the file");
        }
    }

    /// <summary>Handles XdndStatus and XdndFinished; true when the message was ours.</summary>
    public bool OnClientMessage(in X11.XEvent e)
    {
        if (e.MessageType == _atoms.Status && _state == State.Dragging && (ulong)e.Data(0) == _target)
        {
            _accepted = (e.Data(1) & 1) != 0;
            _positionInFlight = false;
            if (_positionPending) { _positionPending = false; SendPosition(); }
            return true;
        }
        if (e.MessageType == _atoms.Finished && _state == State.Dropped)
        {
            bool success = (e.Data(1) & 1) != 0;
            Finish(success ? "dropped" : "the target could not take the file");
            return true;
        }
        return false;
    }

    /// <summary>The drop target asks for the data (after XdndDrop): answer text/uri-list or TARGETS.</summary>
    public bool OnSelectionRequest(in X11.XEvent e)
    {
        if (e.Selection != _atoms.Selection) return false;
        ulong property = e.Property == 0 ? e.Target : e.Property;
        bool served = true;
        if (e.Target == _atoms.UriList)
        {
            fixed (byte* data = _uriList)
                X11.XChangeProperty(_display, e.Requestor, property, _atoms.UriList, 8, X11.PropModeReplace, data, _uriList.Length);
        }
        else if (e.Target == _atoms.Targets)
        {
            ulong* atoms = stackalloc ulong[2] { _atoms.Targets, _atoms.UriList };
            X11.XChangeProperty(_display, e.Requestor, property, X11.XA_ATOM, 32, X11.PropModeReplace, (byte*)atoms, 2);
        }
        else served = false;
        var notify = X11.SelectionNotifyEvent(e.Requestor, e.Selection, e.Target, served ? property : 0, e.RequestTime);
        X11.XSendEvent(_display, e.Requestor, 0, 0, &notify);
        X11.XFlush(_display);
        return true;
    }

    /// <summary>Timer tick: a target that does not finish (or answer) in time loses the drag.</summary>
    public void Tick()
    {
        if (_state == State.Dropped && _waiting.Elapsed > Timeout) Finish("timed out waiting for the drop target");
        else if (_state == State.Dragging && _positionInFlight && _waiting.Elapsed > Timeout)
        {
            _positionInFlight = false;  // a silent target: carry on as if it refused
            _accepted = false;
        }
    }

    private void Finish(string outcome)
    {
        LastOutcome = outcome;
        _finishedUnread = true;
        _state = State.Idle;
        _target = _targetProxy = 0;
        X11.XFlush(_display);
    }

    private void SendPosition()
    {
        Send(_atoms.Position, 0, ((long)_rootX << 16) | (uint)(_rootY & 0xFFFF), (long)_lastTime, (long)_atoms.ActionCopy);
        _positionInFlight = true;
        _waiting.Restart();
    }

    private void Send(ulong type, long l1, long l2, long l3, long l4) =>
        XdndAtoms.Send(_display, _window, _target, _targetProxy != 0 ? _targetProxy : _target, type, l1, l2, l3, l4);

    // Walks down from the root to the deepest window under the pointer that says it takes XDND (skipping our own).
    private (ulong Target, ulong Proxy, long Version) FindTarget(int rootX, int rootY)
    {
        ulong root = X11.XDefaultRootWindow(_display), window = root;
        for (int depth = 0; depth < 32; depth++)
        {
            int x, y;
            ulong child;
            if (X11.XTranslateCoordinates(_display, root, window, rootX, rootY, &x, &y, &child) == 0) return (0, 0, 0);
            if (window != root && window != _window && ReadAtom(window, _atoms.Aware) is long version and > 0)
            {
                ulong proxy = ReadAtom(window, _atoms.Proxy) is long p and > 0 ? (ulong)p : 0;
                return (window, proxy, version);
            }
            if (child == 0) return (0, 0, 0);
            window = child;
        }
        return (0, 0, 0);
    }

    private long? ReadAtom(ulong window, ulong property)
    {
        ulong type, items, after;
        int format;
        byte* data = null;
        if (X11.XGetWindowProperty(_display, window, property, 0, 1, 0, 0, &type, &format, &items, &after, &data) != 0) return null;
        try { return items > 0 && data != null && format == 32 ? *(long*)data : null; }
        finally { if (data != null) X11.XFree(data); }
    }

    /// <summary>file:// URI with everything outside the unreserved set percent-encoded (spaces, non-ASCII).</summary>
    internal static string FileUri(string path)
    {
        var sb = new StringBuilder("file://");
        foreach (byte b in Encoding.UTF8.GetBytes(Path.GetFullPath(path)))
        {
            char c = (char)b;
            if (b < 128 && (char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' or '~')) sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2"));
        }
        return sb.ToString();
    }
}
