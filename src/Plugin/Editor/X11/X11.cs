using System.Runtime.InteropServices;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// The few Xlib calls the editor needs, from libX11.so.6 (on every X11 desktop; loaded at run time by name, so the
/// build needs no X headers). Struct offsets are those of 64-bit Linux.
/// </summary>
internal static unsafe partial class X11
{
    private const string Lib = "libX11.so.6";

    public const int KeyPress = 2, ButtonPress = 4, ButtonRelease = 5, MotionNotify = 6, LeaveNotify = 8, Expose = 12,
        DestroyNotify = 17, ConfigureNotify = 22, SelectionClear = 29, SelectionRequest = 30, SelectionNotify = 31, ClientMessage = 33;
    public const long ExposureMask = 1L << 15, ButtonPressMask = 1L << 2, ButtonReleaseMask = 1L << 3,
        PointerMotionMask = 1L << 6, StructureNotifyMask = 1L << 17, LeaveWindowMask = 1L << 5;
    public const int ZPixmap = 2, PropModeReplace = 0, GrabModeAsync = 1, GrabSuccess = 0;
    public const ulong None = 0, CurrentTime = 0;
    public const int XA_ATOM = 4, XA_WINDOW = 33;

    [DllImport(Lib)] public static extern IntPtr XOpenDisplay(IntPtr name);
    [DllImport(Lib)] public static extern int XCloseDisplay(IntPtr display);
    [DllImport(Lib)] public static extern int XConnectionNumber(IntPtr display);
    [DllImport(Lib)] public static extern int XDefaultScreen(IntPtr display);
    [DllImport(Lib)] public static extern IntPtr XDefaultVisual(IntPtr display, int screen);
    [DllImport(Lib)] public static extern int XDefaultDepth(IntPtr display, int screen);
    [DllImport(Lib)] public static extern ulong XDefaultRootWindow(IntPtr display);
    [DllImport(Lib)] public static extern ulong XCreateSimpleWindow(IntPtr display, ulong parent, int x, int y, uint width, uint height,
        uint borderWidth, ulong border, ulong background);
    [DllImport(Lib)] public static extern int XDestroyWindow(IntPtr display, ulong window);
    [DllImport(Lib)] public static extern int XMapWindow(IntPtr display, ulong window);
    [DllImport(Lib)] public static extern int XResizeWindow(IntPtr display, ulong window, uint width, uint height);
    [DllImport(Lib)] public static extern int XSelectInput(IntPtr display, ulong window, long mask);
    [DllImport(Lib)] public static extern int XStoreName(IntPtr display, ulong window, byte* name);
    [DllImport(Lib)] public static extern IntPtr XCreateGC(IntPtr display, ulong drawable, ulong mask, IntPtr values);
    [DllImport(Lib)] public static extern int XFreeGC(IntPtr display, IntPtr gc);
    [DllImport(Lib)] public static extern IntPtr XCreateImage(IntPtr display, IntPtr visual, uint depth, int format, int offset,
        IntPtr data, uint width, uint height, int bitmapPad, int bytesPerLine);
    [DllImport(Lib)] public static extern int XPutImage(IntPtr display, ulong drawable, IntPtr gc, IntPtr image, int srcX, int srcY,
        int destX, int destY, uint width, uint height);
    [DllImport(Lib)] public static extern int XFlush(IntPtr display);
    [DllImport(Lib)] public static extern int XSync(IntPtr display, int discard);
    [DllImport(Lib)] public static extern int XPending(IntPtr display);
    [DllImport(Lib)] public static extern int XNextEvent(IntPtr display, XEvent* e);
    [DllImport(Lib)] public static extern ulong XInternAtom(IntPtr display, byte* name, int onlyIfExists);
    [DllImport(Lib)] public static extern int XChangeProperty(IntPtr display, ulong window, ulong property, ulong type, int format,
        int mode, byte* data, int elements);
    [DllImport(Lib)] public static extern int XGetWindowProperty(IntPtr display, ulong window, ulong property, long offset, long length,
        int delete, ulong reqType, ulong* actualType, int* actualFormat, ulong* items, ulong* bytesAfter, byte** data);
    [DllImport(Lib)] public static extern int XFree(void* data);
    [DllImport(Lib)] public static extern int XConvertSelection(IntPtr display, ulong selection, ulong target, ulong property, ulong requestor, ulong time);
    [DllImport(Lib)] public static extern int XDeleteProperty(IntPtr display, ulong window, ulong property);
    [DllImport(Lib)] public static extern int XSetSelectionOwner(IntPtr display, ulong selection, ulong owner, ulong time);
    [DllImport(Lib)] public static extern int XSendEvent(IntPtr display, ulong window, int propagate, long mask, XEvent* e);
    [DllImport(Lib)] public static extern int XGrabPointer(IntPtr display, ulong window, int ownerEvents, uint mask, int pointerMode,
        int keyboardMode, ulong confineTo, ulong cursor, ulong time);
    [DllImport(Lib)] public static extern int XUngrabPointer(IntPtr display, ulong time);
    [DllImport(Lib)] public static extern int XTranslateCoordinates(IntPtr display, ulong src, ulong dest, int srcX, int srcY,
        int* destX, int* destY, ulong* child);
    [DllImport(Lib)] public static extern int XQueryPointer(IntPtr display, ulong window, ulong* root, ulong* child, int* rootX, int* rootY,
        int* winX, int* winY, uint* mask);

    [DllImport(Lib)] public static extern IntPtr XSetErrorHandler(IntPtr handler);

    public static ulong Atom(IntPtr display, string name)
    {
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* p = bytes) return XInternAtom(display, p, 0);
    }

    /// <summary>The XImage fields the editor touches (it frees the image itself, not through XDestroyImage).</summary>
    public static void DetachImageData(IntPtr image) => ((IntPtr*)image)[2] = IntPtr.Zero;  // XImage.data, after width, height, xoffset, format

    /// <summary>An XEvent: a 192-byte union; fields are read at their 64-bit offsets.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 192)]
    public struct XEvent
    {
        public int Type;

        private byte* Bytes { get { fixed (XEvent* e = &this) return (byte*)e; } }
        public ulong Window => *(ulong*)(Bytes + 32);
        // Button, motion and crossing events share this layout.
        public ulong Time => *(ulong*)(Bytes + 56);
        public int X => *(int*)(Bytes + 64);
        public int Y => *(int*)(Bytes + 68);
        public int XRoot => *(int*)(Bytes + 72);
        public int YRoot => *(int*)(Bytes + 76);
        public uint State => *(uint*)(Bytes + 80);
        public uint Button => *(uint*)(Bytes + 84);
        // ConfigureNotify.
        public int ConfigureWidth => *(int*)(Bytes + 56);
        public int ConfigureHeight => *(int*)(Bytes + 60);
        // ClientMessage: message_type at 40, format at 48, data.l[5] from 56.
        public ulong MessageType { get => *(ulong*)(Bytes + 40); set => *(ulong*)(Bytes + 40) = value; }
        public int Format { get => *(int*)(Bytes + 48); set => *(int*)(Bytes + 48) = value; }
        public long Data(int i) => *(long*)(Bytes + 56 + 8 * i);
        public void SetData(int i, long value) => *(long*)(Bytes + 56 + 8 * i) = value;
        public void SetWindow(ulong window) => *(ulong*)(Bytes + 32) = window;
        // SelectionRequest: owner 32, requestor 40, selection 48, target 56, property 64, time 72.
        public ulong Requestor => *(ulong*)(Bytes + 40);
        public ulong Selection => *(ulong*)(Bytes + 48);
        public ulong Target => *(ulong*)(Bytes + 56);
        public ulong Property => *(ulong*)(Bytes + 64);
        public ulong RequestTime => *(ulong*)(Bytes + 72);
        // SelectionNotify: requestor 32, selection 40, target 48, property 56 (0: refused).
        public ulong NotifiedSelection => *(ulong*)(Bytes + 40);
        public ulong NotifiedProperty => *(ulong*)(Bytes + 56);
    }

    /// <summary>A SelectionNotify answer: requestor 32, selection 40, target 48, property 56, time 64.</summary>
    public static XEvent SelectionNotifyEvent(ulong requestor, ulong selection, ulong target, ulong property, ulong time)
    {
        var e = new XEvent { Type = SelectionNotify };
        byte* b = (byte*)&e;
        *(int*)(b + 16) = 1;  // send_event
        *(ulong*)(b + 32) = requestor;
        *(ulong*)(b + 40) = selection;
        *(ulong*)(b + 48) = target;
        *(ulong*)(b + 56) = property;
        *(ulong*)(b + 64) = time;
        return e;
    }
}
