using System.Runtime.InteropServices;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// The few Win32 calls the Windows editor needs (user32, gdi32, kernel32, shell32, comdlg32, ole32; every Windows has
/// them), with the structs' x64 layouts (tests check their sizes). Only ever called on Windows.
/// </summary>
internal static unsafe partial class Win32
{
    public const uint WM_CREATE = 0x0001, WM_DESTROY = 0x0002, WM_SIZE = 0x0005, WM_PAINT = 0x000F, WM_ERASEBKGND = 0x0014,
        WM_NCDESTROY = 0x0082, WM_TIMER = 0x0113, WM_MOUSEMOVE = 0x0200, WM_LBUTTONDOWN = 0x0201, WM_LBUTTONUP = 0x0202,
        WM_CAPTURECHANGED = 0x0215, WM_DROPFILES = 0x0233, WM_MOUSELEAVE = 0x02A3, WM_APP = 0x8000;
    public const uint WS_CHILD = 0x40000000, WS_VISIBLE = 0x10000000, WS_CLIPSIBLINGS = 0x04000000, WS_CLIPCHILDREN = 0x02000000;
    public const uint SWP_NOMOVE = 0x0002, SWP_NOZORDER = 0x0004, SWP_NOACTIVATE = 0x0010;
    public const int SW_SHOWNA = 8, SW_SHOWNORMAL = 1, GWLP_USERDATA = -21, GA_ROOT = 2;
    public const nuint MK_LBUTTON = 0x0001;
    public const uint TME_LEAVE = 0x0002, SRCCOPY = 0x00CC0020, DIB_RGB_COLORS = 0, BI_RGB = 0;
    public const uint GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS = 0x4, GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT = 0x2;
    public const int ERROR_CLASS_ALREADY_EXISTS = 1410;
    public const nint IDC_ARROW = 32512;

    [StructLayout(LayoutKind.Sequential)]
    public struct WNDCLASSEXW
    {
        public uint cbSize, style;
        public delegate* unmanaged<nint, uint, nuint, nint, nint> lpfnWndProc;
        public int cbClsExtra, cbWndExtra;
        public nint hInstance, hIcon, hCursor, hbrBackground;
        public char* lpszMenuName, lpszClassName;
        public nint hIconSm;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct RECT { public int left, top, right, bottom; }

    [StructLayout(LayoutKind.Sequential)]
    public struct PAINTSTRUCT
    {
        public nint hdc;
        public int fErase;
        public RECT rcPaint;
        public int fRestore, fIncUpdate;
        public fixed byte rgbReserved[32];
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct BITMAPINFOHEADER
    {
        public uint biSize;
        public int biWidth, biHeight;
        public ushort biPlanes, biBitCount;
        public uint biCompression, biSizeImage;
        public int biXPelsPerMeter, biYPelsPerMeter;
        public uint biClrUsed, biClrImportant;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TRACKMOUSEEVENT
    {
        public uint cbSize, dwFlags;
        public nint hwndTrack;
        public uint dwHoverTime;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct OPENFILENAMEW
    {
        public uint lStructSize;
        public nint hwndOwner, hInstance;
        public char* lpstrFilter, lpstrCustomFilter;
        public uint nMaxCustFilter, nFilterIndex;
        public char* lpstrFile;
        public uint nMaxFile;
        public char* lpstrFileTitle;
        public uint nMaxFileTitle;
        public char* lpstrInitialDir, lpstrTitle;
        public uint Flags;
        public ushort nFileOffset, nFileExtension;
        public char* lpstrDefExt;
        public nint lCustData, lpfnHook;
        public char* lpTemplateName;
        public nint pvReserved;
        public uint dwReserved, FlagsEx;
    }

    public const uint OFN_ALLOWMULTISELECT = 0x200, OFN_EXPLORER = 0x80000, OFN_FILEMUSTEXIST = 0x1000, OFN_PATHMUSTEXIST = 0x800,
        OFN_NOCHANGEDIR = 0x8, OFN_HIDEREADONLY = 0x4;
    public const uint FNERR_BUFFERTOOSMALL = 0x3003;

    // user32
    [LibraryImport("user32.dll", EntryPoint = "RegisterClassExW", SetLastError = true)]
    public static partial ushort RegisterClassExW(WNDCLASSEXW* windowClass);
    [LibraryImport("user32.dll", EntryPoint = "CreateWindowExW", SetLastError = true)]
    public static partial nint CreateWindowExW(uint exStyle, char* className, char* windowName, uint style, int x, int y, int width,
        int height, nint parent, nint menu, nint instance, nint param);
    [LibraryImport("user32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool DestroyWindow(nint hwnd);
    [LibraryImport("user32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool IsWindow(nint hwnd);
    [LibraryImport("user32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool ShowWindow(nint hwnd, int command);
    [LibraryImport("user32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool SetWindowPos(nint hwnd, nint insertAfter, int x, int y, int width, int height, uint flags);
    [LibraryImport("user32.dll", EntryPoint = "DefWindowProcW")]
    public static partial nint DefWindowProcW(nint hwnd, uint message, nuint wParam, nint lParam);
    [LibraryImport("user32.dll", EntryPoint = "SetWindowLongPtrW")]
    public static partial nint SetWindowLongPtrW(nint hwnd, int index, nint value);
    [LibraryImport("user32.dll", EntryPoint = "GetWindowLongPtrW")]
    public static partial nint GetWindowLongPtrW(nint hwnd, int index);
    [LibraryImport("user32.dll", EntryPoint = "PostMessageW")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool PostMessageW(nint hwnd, uint message, nuint wParam, nint lParam);
    [LibraryImport("user32.dll")]
    public static partial nuint SetTimer(nint hwnd, nuint id, uint milliseconds, nint timerProc);
    [LibraryImport("user32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool KillTimer(nint hwnd, nuint id);
    [LibraryImport("user32.dll")]
    public static partial nint BeginPaint(nint hwnd, PAINTSTRUCT* paint);
    [LibraryImport("user32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool EndPaint(nint hwnd, PAINTSTRUCT* paint);
    [LibraryImport("user32.dll")]
    public static partial nint GetDC(nint hwnd);
    [LibraryImport("user32.dll")]
    public static partial int ReleaseDC(nint hwnd, nint dc);
    [LibraryImport("user32.dll")]
    public static partial nint SetCapture(nint hwnd);
    [LibraryImport("user32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool ReleaseCapture();
    [LibraryImport("user32.dll")]
    public static partial nint GetCapture();
    [LibraryImport("user32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool TrackMouseEvent(TRACKMOUSEEVENT* track);
    [LibraryImport("user32.dll")]
    public static partial nint GetAncestor(nint hwnd, uint flags);
    [LibraryImport("user32.dll", EntryPoint = "LoadCursorW")]
    public static partial nint LoadCursorW(nint instance, nint name);

    // gdi32
    [LibraryImport("gdi32.dll")]
    public static partial nint CreateCompatibleDC(nint dc);
    [LibraryImport("gdi32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool DeleteDC(nint dc);
    [LibraryImport("gdi32.dll")]
    public static partial nint CreateDIBSection(nint dc, BITMAPINFOHEADER* info, uint usage, void** bits, nint section, uint offset);
    [LibraryImport("gdi32.dll")]
    public static partial nint SelectObject(nint dc, nint obj);
    [LibraryImport("gdi32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool DeleteObject(nint obj);
    [LibraryImport("gdi32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool BitBlt(nint dest, int x, int y, int width, int height, nint source, int sourceX, int sourceY, uint rop);
    [LibraryImport("gdi32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool GdiFlush();

    // kernel32
    [LibraryImport("kernel32.dll", EntryPoint = "GetModuleHandleExW")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool GetModuleHandleExW(uint flags, nint address, nint* module);
    [LibraryImport("kernel32.dll")]
    public static partial nint GlobalAlloc(uint flags, nuint bytes);
    [LibraryImport("kernel32.dll")]
    public static partial nint GlobalLock(nint memory);
    [LibraryImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool GlobalUnlock(nint memory);

    // shell32
    [LibraryImport("shell32.dll", EntryPoint = "ShellExecuteW")]
    public static partial nint ShellExecuteW(nint hwnd, char* operation, char* file, char* parameters, char* directory, int show);
    [LibraryImport("shell32.dll", EntryPoint = "DragQueryFileW")]
    public static partial uint DragQueryFileW(nint drop, uint index, char* file, uint size);
    [LibraryImport("shell32.dll")]
    public static partial void DragAcceptFiles(nint hwnd, [MarshalAs(UnmanagedType.Bool)] bool accept);
    [LibraryImport("shell32.dll")]
    public static partial void DragFinish(nint drop);
    [LibraryImport("shell32.dll")]
    public static partial int SHCreateStdEnumFmtEtc(uint count, OleFormatEtc* formats, nint* enumerator);

    // comdlg32
    [LibraryImport("comdlg32.dll", EntryPoint = "GetOpenFileNameW")]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool GetOpenFileNameW(OPENFILENAMEW* dialog);
    [LibraryImport("comdlg32.dll")]
    public static partial uint CommDlgExtendedError();

    // ole32
    [LibraryImport("ole32.dll")]
    public static partial int OleInitialize(nint reserved);
    [LibraryImport("ole32.dll")]
    public static partial void OleUninitialize();
    [LibraryImport("ole32.dll")]
    public static partial int DoDragDrop(nint dataObject, nint dropSource, uint okEffects, uint* effect);
    [LibraryImport("ole32.dll")]
    public static partial int RegisterDragDrop(nint hwnd, nint dropTarget);
    [LibraryImport("ole32.dll")]
    public static partial int RevokeDragDrop(nint hwnd);
    [LibraryImport("ole32.dll")]
    public static partial void ReleaseStgMedium(OleStgMedium* medium);

    /// <summary>The paths of a CF_HDROP (a DROPFILES block), in order.</summary>
    public static List<string> DroppedPaths(nint drop)
    {
        var paths = new List<string>();
        uint count = DragQueryFileW(drop, 0xFFFFFFFF, null, 0);
        for (uint i = 0; i < count; i++)
        {
            uint length = DragQueryFileW(drop, i, null, 0);
            if (length == 0) continue;
            var buffer = new char[length + 1];
            fixed (char* b = buffer)
            {
                uint got = DragQueryFileW(drop, i, b, length + 1);
                if (got > 0) paths.Add(new string(b, 0, (int)got));
            }
        }
        return paths;
    }

    public static int LowSigned(nint lParam) => (short)(lParam & 0xFFFF);
    public static int HighSigned(nint lParam) => (short)((lParam >> 16) & 0xFFFF);
}

/// <summary>FORMATETC (objidl.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct OleFormatEtc
{
    public ushort Format;
    public nint TargetDevice;
    public uint Aspect;
    public int Index;
    public uint Tymed;

    public const ushort CfHdrop = 15;
    public const uint TymedHglobal = 1, DvaspectContent = 1;

    /// <summary>A list of files in global memory: what a file drop is.</summary>
    public static OleFormatEtc FileDrop => new() { Format = CfHdrop, Aspect = DvaspectContent, Index = -1, Tymed = TymedHglobal };
}

/// <summary>STGMEDIUM (objidl.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct OleStgMedium
{
    public uint Tymed;
    public nint Handle;
    public nint UnknownForRelease;
}
