using System.Runtime.InteropServices;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// The BGRA pixels the editor draws into and the XImage that shows them. Shared memory with the X server (MIT-SHM)
/// when the display offers it, which makes the blit 2-3x faster; otherwise (a remote display, or the attach failing)
/// plain XPutImage over the connection. The caller syncs after a put before drawing again.
/// </summary>
internal sealed unsafe class XImageBuffer : IDisposable
{
    private const string Xext = "libXext.so.6";
    private const int IpcPrivate = 0, IpcCreat = 0x200, IpcRmid = 0;

    [StructLayout(LayoutKind.Sequential)]
    private struct ShmSegmentInfo
    {
        public ulong Segment;
        public int Id;
        public IntPtr Address;
        public int ReadOnly;
    }

    [DllImport(Xext)] private static extern int XShmQueryExtension(IntPtr display);
    [DllImport(Xext)] private static extern IntPtr XShmCreateImage(IntPtr display, IntPtr visual, uint depth, int format, IntPtr data,
        ShmSegmentInfo* info, uint width, uint height);
    [DllImport(Xext)] private static extern int XShmAttach(IntPtr display, ShmSegmentInfo* info);
    [DllImport(Xext)] private static extern int XShmDetach(IntPtr display, ShmSegmentInfo* info);
    [DllImport(Xext)] private static extern int XShmPutImage(IntPtr display, ulong drawable, IntPtr gc, IntPtr image, int srcX, int srcY,
        int destX, int destY, uint width, uint height, int sendEvent);
    [DllImport("libc.so.6")] private static extern int shmget(int key, nuint size, int flags);
    [DllImport("libc.so.6")] private static extern IntPtr shmat(int id, IntPtr address, int flags);
    [DllImport("libc.so.6")] private static extern int shmdt(IntPtr address);
    [DllImport("libc.so.6")] private static extern int shmctl(int id, int command, IntPtr buffer);

    private readonly IntPtr _display;
    private IntPtr _image;
    private ShmSegmentInfo* _shm;

    private XImageBuffer(IntPtr display, int width, int height)
    {
        _display = display;
        Width = width;
        Height = height;
    }

    public int Width { get; }
    public int Height { get; }
    public byte* Pixels { get; private set; }
    public int Stride { get; private set; }
    public bool SharedMemory => _shm != null;

    public static XImageBuffer Create(IntPtr display, IntPtr visual, int depth, int width, int height)
    {
        var buffer = new XImageBuffer(display, width, height);
        if (Environment.GetEnvironmentVariable("AICOPILOT_NO_XSHM") is not { Length: > 0 } && buffer.TryShared(visual, depth)) return buffer;
        buffer.CreatePlain(visual, depth);
        return buffer;
    }

    public void Put(ulong window, IntPtr gc, int x, int y, int width, int height)
    {
        if (_shm != null) XShmPutImage(_display, window, gc, _image, x, y, x, y, (uint)width, (uint)height, 0);
        else X11.XPutImage(_display, window, gc, _image, x, y, x, y, (uint)width, (uint)height);
    }

    private bool TryShared(IntPtr visual, int depth)
    {
        try
        {
            if (XShmQueryExtension(_display) == 0) return false;
            _shm = (ShmSegmentInfo*)NativeMemory.AllocZeroed((nuint)sizeof(ShmSegmentInfo));
            _image = XShmCreateImage(_display, visual, (uint)depth, X11.ZPixmap, IntPtr.Zero, _shm, (uint)Width, (uint)Height);
            if (_image == IntPtr.Zero) { FreeShared(); return false; }
            int stride = *(int*)((byte*)_image + 44);  // XImage.bytes_per_line
            _shm->Id = shmget(IpcPrivate, (nuint)(stride * Height), IpcCreat | 0x180);  // 0600
            if (_shm->Id < 0) { FreeShared(); return false; }
            _shm->Address = shmat(_shm->Id, IntPtr.Zero, 0);
            if (_shm->Address == new IntPtr(-1)) { shmctl(_shm->Id, IpcRmid, IntPtr.Zero); _shm->Address = IntPtr.Zero; FreeShared(); return false; }
            ((IntPtr*)_image)[2] = _shm->Address;  // XImage.data
            int errors;
            using (var trap = new XErrorTrap(_display))
            {
                XShmAttach(_display, _shm);
                errors = trap.Errors;  // a remote display refuses the attach (BadAccess)
            }
            shmctl(_shm->Id, IpcRmid, IntPtr.Zero);  // freed once both sides detach, even if we crash
            if (errors > 0) { FreeShared(attached: false); return false; }
            Pixels = (byte*)_shm->Address;
            Stride = stride;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            FreeShared(attached: false);
            return false;
        }
    }

    private void CreatePlain(IntPtr visual, int depth)
    {
        Stride = Width * 4;
        Pixels = (byte*)NativeMemory.AlignedAlloc((nuint)(Stride * Height), 64);
        _image = X11.XCreateImage(_display, visual, (uint)depth, X11.ZPixmap, 0, (IntPtr)Pixels, (uint)Width, (uint)Height, 32, Stride);
    }

    private void FreeShared(bool attached = false)
    {
        if (_shm == null) return;
        if (attached)
        {
            XShmDetach(_display, _shm);
            X11.XSync(_display, 0);
        }
        if (_image != IntPtr.Zero)
        {
            X11.DetachImageData(_image);
            X11.XFree((void*)_image);
            _image = IntPtr.Zero;
        }
        if (_shm->Address != IntPtr.Zero) shmdt(_shm->Address);
        NativeMemory.Free(_shm);
        _shm = null;
        Pixels = null;
    }

    public void Dispose()
    {
        if (_shm != null)
        {
            FreeShared(attached: true);
            return;
        }
        if (_image != IntPtr.Zero)
        {
            // XDestroyImage would free the pixels with free(); they are ours, so detach them and free the header only.
            X11.DetachImageData(_image);
            X11.XFree((void*)_image);
            _image = IntPtr.Zero;
        }
        if (Pixels != null) { NativeMemory.AlignedFree(Pixels); Pixels = null; }
    }
}
