using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;
using System.Text;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// The Windows drag of a file out of the editor: OLE's DoDragDrop with a data object offering CF_HDROP (a DROPFILES
/// list with the one path), which DAWs and Explorer take as a dropped file. DoDragDrop runs a modal loop on the
/// calling (UI) thread, which must have OLE initialized, and returns when the drop is done or cancelled; the drop
/// source cancels on Escape and after <see cref="Timeout"/>, so a target that never finishes cannot hold the drag.
/// The COM objects are made by the COM source generator (<see cref="GeneratedComClassAttribute"/>), which NativeAOT
/// compiles ahead of time.
/// </summary>
internal sealed unsafe partial class OleFileDragSource
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const uint DropEffectCopy = 1;
    private const int SOk = 0, DragDropSDrop = 0x00040100, DragDropSCancel = 0x00040101, DragDropSUseDefaultCursors = 0x00040102,
        DvEFormatEtc = unchecked((int)0x80040064), ENotImpl = unchecked((int)0x80004001), EOutOfMemory = unchecked((int)0x8007000E),
        OleEAdviseNotSupported = unchecked((int)0x80040003), DataSSameFormatEtc = 0x00040130;
    private const uint MkLButton = 1;
    internal static readonly Guid IidDataObject = new("0000010e-0000-0000-C000-000000000046");
    internal static readonly Guid IidDropSource = new("00000121-0000-0000-C000-000000000046");

    /// <summary>One per process: it keeps the COM views of our objects (the drop target's too).</summary>
    internal static readonly StrategyBasedComWrappers ComWrappers = new();

    /// <summary>True while DoDragDrop runs (the editor's own drop target then refuses: a take is never learned).</summary>
    public bool Active { get; private set; }

    /// <summary>Drags the file until it is dropped or the drag ends otherwise; returns "dropped", or why not.</summary>
    public string Drag(string path)
    {
        if (Active) return "a drag is under way";
        Active = true;
        try
        {
            var data = new FileDataObject(Path.GetFullPath(path));
            var clock = Stopwatch.StartNew();
            var source = new TimedDropSource(() => clock.Elapsed);
            nint dataUnknown = ComWrappers.GetOrCreateComInterfaceForObject(data, CreateComInterfaceFlags.None);
            nint sourceUnknown = ComWrappers.GetOrCreateComInterfaceForObject(source, CreateComInterfaceFlags.None);
            nint dataObject = 0, dropSource = 0;
            try
            {
                int qi = Marshal.QueryInterface(dataUnknown, in IidDataObject, out dataObject);
                if (qi != 0) return $"the drag could not start (no IDataObject: 0x{qi:X8})";
                qi = Marshal.QueryInterface(sourceUnknown, in IidDropSource, out dropSource);
                if (qi != 0) return $"the drag could not start (no IDropSource: 0x{qi:X8})";
                uint effect = 0;
                int result = Win32.DoDragDrop(dataObject, dropSource, DropEffectCopy, &effect);
                return Outcome(result, effect, source.TimedOut, source.Escaped);
            }
            finally
            {
                if (dataObject != 0) Marshal.Release(dataObject);
                if (dropSource != 0) Marshal.Release(dropSource);
                Marshal.Release(dataUnknown);
                Marshal.Release(sourceUnknown);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or COMException or InvalidCastException)
        {
            return "the drag could not start: " + e.Message;
        }
        finally
        {
            Active = false;
        }
    }

    /// <summary>What DoDragDrop's result and effect mean for the user. Released where no target accepts the file,
    /// DoDragDrop answers a drop with no effect (Wine does) or a cancel.</summary>
    internal static string Outcome(int result, uint effect, bool timedOut, bool escaped) =>
        result == DragDropSDrop && effect != 0 ? "dropped"
        : timedOut ? "timed out"
        : escaped ? "cancelled"
        : result is DragDropSDrop or DragDropSCancel ? "no drop target took the file"
        : $"not dropped (0x{result:X8})";

    // IDataObject (objidl.h), in vtable order.
    [GeneratedComInterface]
    [Guid("0000010e-0000-0000-C000-000000000046")]
    internal partial interface IDataObject
    {
        [PreserveSig] int GetData(OleFormatEtc* format, OleStgMedium* medium);
        [PreserveSig] int GetDataHere(OleFormatEtc* format, OleStgMedium* medium);
        [PreserveSig] int QueryGetData(OleFormatEtc* format);
        [PreserveSig] int GetCanonicalFormatEtc(OleFormatEtc* formatIn, OleFormatEtc* formatOut);
        [PreserveSig] int SetData(OleFormatEtc* format, OleStgMedium* medium, int release);
        [PreserveSig] int EnumFormatEtc(uint direction, nint* enumerator);
        [PreserveSig] int DAdvise(OleFormatEtc* format, uint flags, nint sink, uint* connection);
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

        private static bool IsFileDrop(OleFormatEtc* f) =>
            f != null && f->Format == OleFormatEtc.CfHdrop && (f->Tymed & OleFormatEtc.TymedHglobal) != 0 && f->Aspect == OleFormatEtc.DvaspectContent;

        /// <summary>The DROPFILES block: pFiles (20), pt, fNC, fWide = 1, then the UTF-16 path and two NULs.</summary>
        internal static byte[] DropFiles(string path)
        {
            byte[] name = Encoding.Unicode.GetBytes(path + "\0\0");
            var block = new byte[20 + name.Length];
            BitConverter.TryWriteBytes(block.AsSpan(0), 20);
            BitConverter.TryWriteBytes(block.AsSpan(16), 1);
            name.CopyTo(block, 20);
            return block;
        }

        public int GetData(OleFormatEtc* format, OleStgMedium* medium)
        {
            if (!IsFileDrop(format) || medium == null) return DvEFormatEtc;
            byte[] block = DropFiles(_path);
            nint memory = Win32.GlobalAlloc(0x0042 /* GHND: movable, zeroed */, (nuint)block.Length);
            if (memory == 0) return EOutOfMemory;
            byte* p = (byte*)Win32.GlobalLock(memory);
            Marshal.Copy(block, 0, (nint)p, block.Length);
            Win32.GlobalUnlock(memory);
            *medium = new OleStgMedium { Tymed = OleFormatEtc.TymedHglobal, Handle = memory, UnknownForRelease = 0 };  // the receiver frees it
            return SOk;
        }

        public int GetDataHere(OleFormatEtc* format, OleStgMedium* medium) => ENotImpl;
        public int QueryGetData(OleFormatEtc* format) => IsFileDrop(format) ? SOk : DvEFormatEtc;

        public int GetCanonicalFormatEtc(OleFormatEtc* formatIn, OleFormatEtc* formatOut)
        {
            if (formatOut != null) formatOut->TargetDevice = 0;
            return DataSSameFormatEtc;
        }

        public int SetData(OleFormatEtc* format, OleStgMedium* medium, int release) => ENotImpl;

        public int EnumFormatEtc(uint direction, nint* enumerator)
        {
            if (direction != 1 /* DATADIR_GET */ || enumerator == null) return ENotImpl;
            var formats = OleFormatEtc.FileDrop;
            return Win32.SHCreateStdEnumFmtEtc(1, &formats, enumerator);
        }

        public int DAdvise(OleFormatEtc* format, uint flags, nint sink, uint* connection) => OleEAdviseNotSupported;
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
        public bool Escaped { get; private set; }

        public int QueryContinueDrag(int escapePressed, uint keyState)
        {
            if (escapePressed != 0) { Escaped = true; return DragDropSCancel; }
            if (_elapsed() > Timeout) { TimedOut = true; return DragDropSCancel; }
            return (keyState & MkLButton) == 0 ? DragDropSDrop : SOk;
        }

        public int GiveFeedback(uint effect) => DragDropSUseDefaultCursors;
    }
}
