using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;
using System.Text;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// The Windows drag of a file: OLE's DoDragDrop with a data object offering CF_HDROP (a DROPFILES list with the one
/// path), which DAWs and Explorer take as a dropped file. DoDragDrop runs a modal loop on the calling (UI) thread and
/// returns when the drop is done or cancelled; the drop source cancels on Escape and after <see cref="Timeout"/>, so a
/// target that never finishes cannot hold the drag. Written for a Windows build of the editor and UNTESTED: it is
/// compiled everywhere but only ever called on Windows, and these machines have none (docs/editor.md).
/// </summary>
internal sealed unsafe partial class OleFileDragSource : IFileDragSource
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const ushort CfHdrop = 15;
    private const uint TymedHglobal = 1, DvaspectContent = 1;
    private const int DropEffectCopy = 1;
    private const int SOk = 0, SFalse = 1, DragDropSDrop = 0x00040100, DragDropSCancel = 0x00040101,
        DragDropSUseDefaultCursors = 0x00040102, DvEFormatEtc = unchecked((int)0x80040064), ENotImpl = unchecked((int)0x80004001),
        OleEAdviseNotSupported = unchecked((int)0x80040003);
    private const uint MkLButton = 1;

    private bool _active;
    private string? _outcome;
    private bool _finishedUnread;

    public bool Active => _active;

    public string? TakeFinished()
    {
        if (!_finishedUnread) return null;
        _finishedUnread = false;
        return _outcome;
    }

    public bool Begin(string path, ulong pressTime)
    {
        if (_active || !OperatingSystem.IsWindows()) return false;
        _active = true;
        try
        {
            var wrappers = new StrategyBasedComWrappers();
            var data = new FileDataObject(Path.GetFullPath(path));
            var clock = Stopwatch.StartNew();
            var source = new TimedDropSource(() => clock.Elapsed);
            nint dataUnknown = wrappers.GetOrCreateComInterfaceForObject(data, CreateComInterfaceFlags.None);
            nint sourceUnknown = wrappers.GetOrCreateComInterfaceForObject(source, CreateComInterfaceFlags.None);
            try
            {
                Guid dataIid = typeof(IDataObject).GUID, sourceIid = typeof(IDropSource).GUID;
                Marshal.QueryInterface(dataUnknown, in dataIid, out nint dataObject);
                Marshal.QueryInterface(sourceUnknown, in sourceIid, out nint dropSource);
                int result = DoDragDrop(dataObject, dropSource, DropEffectCopy, out int effect);
                Marshal.Release(dataObject);
                Marshal.Release(dropSource);
                _outcome = result == DragDropSDrop && effect != 0 ? "dropped"
                    : source.TimedOut ? "timed out" : result == DragDropSCancel ? "cancelled" : $"not dropped (0x{result:X8})";
            }
            finally
            {
                Marshal.Release(dataUnknown);
                Marshal.Release(sourceUnknown);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or COMException or InvalidCastException)
        {
            _outcome = "the drag could not start: " + e.Message;
        }
        _active = false;
        _finishedUnread = true;
        return _outcome == "dropped";
    }

    [LibraryImport("ole32.dll")]
    private static partial int DoDragDrop(nint dataObject, nint dropSource, int okEffects, out int effect);

    [LibraryImport("shell32.dll")]
    private static partial int SHCreateStdEnumFmtEtc(uint count, FormatEtc* formats, nint* enumerator);

    [LibraryImport("kernel32.dll")]
    private static partial nint GlobalAlloc(uint flags, nuint bytes);

    [LibraryImport("kernel32.dll")]
    private static partial nint GlobalLock(nint memory);

    [LibraryImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GlobalUnlock(nint memory);

    [StructLayout(LayoutKind.Sequential)]
    internal struct FormatEtc
    {
        public ushort Format;
        public nint TargetDevice;
        public uint Aspect;
        public int Index;
        public uint Tymed;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct StgMedium
    {
        public uint Tymed;
        public nint Handle;
        public nint UnknownForRelease;
    }

    // IDataObject (objidl.h), in vtable order.
    [GeneratedComInterface]
    [Guid("0000010e-0000-0000-C000-000000000046")]
    internal partial interface IDataObject
    {
        [PreserveSig] int GetData(FormatEtc* format, StgMedium* medium);
        [PreserveSig] int GetDataHere(FormatEtc* format, StgMedium* medium);
        [PreserveSig] int QueryGetData(FormatEtc* format);
        [PreserveSig] int GetCanonicalFormatEtc(FormatEtc* formatIn, FormatEtc* formatOut);
        [PreserveSig] int SetData(FormatEtc* format, StgMedium* medium, int release);
        [PreserveSig] int EnumFormatEtc(uint direction, nint* enumerator);
        [PreserveSig] int DAdvise(FormatEtc* format, uint flags, nint sink, uint* connection);
        [PreserveSig] int DUnadvise(uint connection);
        [PreserveSig] int EnumDAdvise(nint* enumerator);
    }

    // IDropSource (oleidl.h), in vtable order.
    [GeneratedComInterface]
    [Guid("00000121-0000-0000-C000-000000000046")]
    internal partial interface IDropSource
    {
        [PreserveSig] int QueryContinueDrag(int escapePressed, uint keyState);
        [PreserveSig] int GiveFeedback(uint effect);
    }

    /// <summary>Offers one file as CF_HDROP in an HGLOBAL: a DROPFILES header, then the wide path and two NULs.</summary>
    [GeneratedComClass]
    internal sealed partial class FileDataObject : IDataObject
    {
        private readonly string _path;
        public FileDataObject(string path) { _path = path; }

        private static bool IsFileDrop(FormatEtc* f) =>
            f != null && f->Format == CfHdrop && (f->Tymed & TymedHglobal) != 0 && f->Aspect == DvaspectContent;

        public int GetData(FormatEtc* format, StgMedium* medium)
        {
            if (!IsFileDrop(format) || medium == null) return DvEFormatEtc;
            byte[] path = Encoding.Unicode.GetBytes(_path + "\0\0");
            const int header = 20;  // DROPFILES: pFiles, pt (x, y), fNC, fWide
            nint memory = GlobalAlloc(0x0042 /* GHND */, (nuint)(header + path.Length));
            if (memory == 0) return unchecked((int)0x8007000E);  // E_OUTOFMEMORY
            byte* p = (byte*)GlobalLock(memory);
            *(int*)p = header;
            *(int*)(p + 16) = 1;  // fWide: the path is UTF-16
            Marshal.Copy(path, 0, (nint)(p + header), path.Length);
            GlobalUnlock(memory);
            *medium = new StgMedium { Tymed = TymedHglobal, Handle = memory, UnknownForRelease = 0 };
            return SOk;
        }

        public int GetDataHere(FormatEtc* format, StgMedium* medium) => ENotImpl;
        public int QueryGetData(FormatEtc* format) => IsFileDrop(format) ? SOk : DvEFormatEtc;

        public int GetCanonicalFormatEtc(FormatEtc* formatIn, FormatEtc* formatOut)
        {
            if (formatOut != null) formatOut->TargetDevice = 0;
            return 0x00040130;  // DATA_S_SAMEFORMATETC
        }

        public int SetData(FormatEtc* format, StgMedium* medium, int release) => ENotImpl;

        public int EnumFormatEtc(uint direction, nint* enumerator)
        {
            if (direction != 1 /* DATADIR_GET */ || enumerator == null) return ENotImpl;
            var formats = new FormatEtc { Format = CfHdrop, Aspect = DvaspectContent, Index = -1, Tymed = TymedHglobal };
            return SHCreateStdEnumFmtEtc(1, &formats, enumerator);
        }

        public int DAdvise(FormatEtc* format, uint flags, nint sink, uint* connection) => OleEAdviseNotSupported;
        public int DUnadvise(uint connection) => OleEAdviseNotSupported;
        public int EnumDAdvise(nint* enumerator) => OleEAdviseNotSupported;
    }

    /// <summary>Drops on the left button's release, cancels on Escape or when the drag has lasted too long.</summary>
    [GeneratedComClass]
    internal sealed partial class TimedDropSource : IDropSource
    {
        private readonly Func<TimeSpan> _elapsed;
        public TimedDropSource(Func<TimeSpan> elapsed) { _elapsed = elapsed; }
        public bool TimedOut { get; private set; }

        public int QueryContinueDrag(int escapePressed, uint keyState)
        {
            if (escapePressed != 0) return DragDropSCancel;
            if (_elapsed() > Timeout) { TimedOut = true; return DragDropSCancel; }
            return (keyState & MkLButton) == 0 ? DragDropSDrop : SOk;
        }

        public int GiveFeedback(uint effect) => DragDropSUseDefaultCursors;
    }
}
