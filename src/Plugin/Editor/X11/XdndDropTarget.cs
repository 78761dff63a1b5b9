using System.Diagnostics;
using System.Text;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// Takes files dropped onto the editor with the XDND protocol (version 5, text/uri-list): the window says it is aware,
/// accepts a drag that offers a list of URIs, asks the source for the list on the drop and answers XdndFinished. A
/// state machine driven by the editor's events and timer ticks, like <see cref="XdndDragSource"/>: a source that does
/// not deliver the data within <see cref="Timeout"/> loses the drop, and the UI thread never waits.
/// </summary>
internal sealed unsafe class XdndDropTarget
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly IntPtr _display;
    private readonly ulong _window;
    private readonly XdndAtoms _atoms;
    private readonly ulong _property;
    private ulong _source;
    private bool _offersFiles, _awaitingData;
    private readonly Stopwatch _waiting = new();
    private IReadOnlyList<string>? _dropped;
    private string? _failure;

    public XdndDropTarget(IntPtr display, ulong window)
    {
        _display = display;
        _window = window;
        _atoms = new XdndAtoms(display);
        _property = X11.Atom(display, "AICOPILOT_DROP");
        long version = XdndAtoms.Version;
        X11.XChangeProperty(display, window, _atoms.Aware, X11.XA_ATOM, 32, X11.PropModeReplace, (byte*)&version, 1);
    }

    /// <summary>True while a drag that offers files is over the editor (for a hint on screen).</summary>
    public bool Hovering => _source != 0 && _offersFiles;

    /// <summary>The paths of the last drop, once; null when nothing was dropped since the last call.</summary>
    public IReadOnlyList<string>? TakeDropped()
    {
        var dropped = _dropped;
        _dropped = null;
        return dropped;
    }

    /// <summary>Why the last drop gave nothing, once ("the source did not deliver the files in time", ...); else null.</summary>
    public string? TakeFailure()
    {
        var failure = _failure;
        _failure = null;
        return failure;
    }

    /// <summary>Handles XdndEnter, XdndPosition, XdndLeave and XdndDrop; true when the message was one of them.</summary>
    public bool OnClientMessage(in X11.XEvent e)
    {
        ulong from = (ulong)e.Data(0);
        if (e.MessageType == _atoms.Enter)
        {
            _source = from;
            _awaitingData = false;
            // The editor's own drag (a take) is never learned: it is refused like a drag that offers no files.
            _offersFiles = from != _window && OffersUriList(e);
            return true;
        }
        if (from != _source || _source == 0) return e.MessageType == _atoms.Position || e.MessageType == _atoms.Leave || e.MessageType == _atoms.Drop;
        if (e.MessageType == _atoms.Position)
        {
            // Accept (bit 0) or not; an empty rectangle asks for a position message at every move.
            Send(_atoms.Status, _offersFiles ? 1 : 0, 0, 0, _offersFiles ? (long)_atoms.ActionCopy : 0);
            return true;
        }
        if (e.MessageType == _atoms.Leave)
        {
            _source = 0;
            return true;
        }
        if (e.MessageType == _atoms.Drop)
        {
            if (!_offersFiles) { Finish(false, "what was dropped is not a file"); return true; }
            X11.XConvertSelection(_display, _atoms.Selection, _atoms.UriList, _property, _window, (ulong)e.Data(2));
            X11.XFlush(_display);
            _awaitingData = true;
            _waiting.Restart();
            return true;
        }
        return false;
    }

    /// <summary>The source's answer to our request for the URI list; true when it was that.</summary>
    public bool OnSelectionNotify(in X11.XEvent e)
    {
        if (!_awaitingData || e.NotifiedSelection != _atoms.Selection) return false;
        _awaitingData = false;
        if (e.NotifiedProperty == 0) { Finish(false, "the drag's source gave no file list"); return true; }
        var paths = ParseUriList(ReadProperty(_property));
        X11.XDeleteProperty(_display, _window, _property);
        if (paths.Count == 0) { Finish(false, "no local file in what was dropped"); return true; }
        _dropped = paths;
        Finish(true, null);
        return true;
    }

    /// <summary>Timer tick: a source that does not deliver the list in time loses the drop.</summary>
    public void Tick()
    {
        if (_awaitingData && _waiting.Elapsed > Timeout)
        {
            _awaitingData = false;
            Finish(false, "the drag's source did not deliver the files in time");
        }
    }

    private void Finish(bool success, string? failure)
    {
        Send(_atoms.Finished, success ? 1 : 0, success ? (long)_atoms.ActionCopy : 0, 0, 0);
        _failure = failure;
        _source = 0;
    }

    private bool OffersUriList(in X11.XEvent enter)
    {
        // Up to three types in the message; more are in the source's XdndTypeList (bit 0 says so).
        for (int i = 2; i <= 4; i++) if ((ulong)enter.Data(i) == _atoms.UriList) return true;
        if ((enter.Data(1) & 1) == 0) return false;
        ulong type, items, after;
        int format;
        byte* data = null;
        if (X11.XGetWindowProperty(_display, _source, _atoms.TypeList, 0, 256, 0, X11.XA_ATOM, &type, &format, &items, &after, &data) != 0) return false;
        try
        {
            for (ulong i = 0; data != null && format == 32 && i < items; i++) if (((ulong*)data)[i] == _atoms.UriList) return true;
            return false;
        }
        finally { if (data != null) X11.XFree(data); }
    }

    private string ReadProperty(ulong property)
    {
        ulong type, items, after;
        int format;
        byte* data = null;
        // Up to 4 MB of URIs (in 32-bit units): thousands of paths.
        if (X11.XGetWindowProperty(_display, _window, property, 0, 1 << 20, 0, 0, &type, &format, &items, &after, &data) != 0) return "";
        try { return data != null && format == 8 ? Encoding.UTF8.GetString(data, (int)items) : ""; }
        finally { if (data != null) X11.XFree(data); }
    }

    private void Send(ulong type, long l1, long l2, long l3, long l4) => XdndAtoms.Send(_display, _window, _source, _source, type, l1, l2, l3, l4);

    /// <summary>The local paths of a text/uri-list (RFC 2483): one URI a line, # comments; file:// URIs on this machine
    /// (no host or localhost), percent-decoded as UTF-8. Other URIs are left out.</summary>
    internal static List<string> ParseUriList(string text)
    {
        var paths = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#' || !line.StartsWith("file://", StringComparison.OrdinalIgnoreCase)) continue;
            string rest = line["file://".Length..];
            int slash = rest.IndexOf('/');
            if (slash < 0) continue;
            string host = rest[..slash];
            if (host.Length > 0 && !host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) continue;
            if (PercentDecode(rest[slash..]) is { Length: > 0 } path) paths.Add(path);
        }
        return paths;
    }

    // Percent-escapes decoded over the line's UTF-8 bytes; null for a malformed escape.
    private static string? PercentDecode(string s)
    {
        byte[] raw = Encoding.UTF8.GetBytes(s);
        var bytes = new List<byte>(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '%') { bytes.Add(raw[i]); continue; }
            if (i + 2 >= raw.Length || !byte.TryParse(raw.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out byte b)) return null;
            bytes.Add(b);
            i += 2;
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
