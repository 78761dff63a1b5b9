namespace AiCoPilot.Plugin.Editor;

/// <summary>The atoms of the XDND protocol (version 5) on one display, and its client message: what the drag source
/// and the drop target share.</summary>
internal sealed unsafe class XdndAtoms
{
    public const int Version = 5;

    public readonly ulong Aware, Selection, Enter, Position, Status, Leave, Drop, Finished, ActionCopy, Proxy, TypeList, UriList, Targets;

    public XdndAtoms(IntPtr display)
    {
        Aware = X11.Atom(display, "XdndAware");
        Selection = X11.Atom(display, "XdndSelection");
        Enter = X11.Atom(display, "XdndEnter");
        Position = X11.Atom(display, "XdndPosition");
        Status = X11.Atom(display, "XdndStatus");
        Leave = X11.Atom(display, "XdndLeave");
        Drop = X11.Atom(display, "XdndDrop");
        Finished = X11.Atom(display, "XdndFinished");
        ActionCopy = X11.Atom(display, "XdndActionCopy");
        Proxy = X11.Atom(display, "XdndProxy");
        TypeList = X11.Atom(display, "XdndTypeList");
        UriList = X11.Atom(display, "text/uri-list");
        Targets = X11.Atom(display, "TARGETS");
    }

    /// <summary>Sends an XDND message from <paramref name="from"/> (data 0) to <paramref name="to"/>, delivered to
    /// <paramref name="via"/> (the target's XdndProxy, or the window itself), and flushes.</summary>
    public static void Send(IntPtr display, ulong from, ulong to, ulong via, ulong type, long l1, long l2, long l3, long l4)
    {
        var e = new X11.XEvent { Type = X11.ClientMessage };
        e.SetWindow(to);
        e.MessageType = type;
        e.Format = 32;
        e.SetData(0, (long)from);
        e.SetData(1, l1);
        e.SetData(2, l2);
        e.SetData(3, l3);
        e.SetData(4, l4);
        X11.XSendEvent(display, via, 0, 0, &e);
        X11.XFlush(display);
    }
}
