using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// Takes files dropped onto the Windows editor: an OLE drop target (RegisterDragDrop) that reads the drag's CF_HDROP
/// list when it enters, accepts it as a copy when it holds a path the editor may learn, and keeps the paths of a drop
/// for the editor's next tick (<see cref="TakeDropped"/>), as <see cref="XdndDropTarget"/> does on X11. The editor's
/// own drag (a take) and files that are all the editor's own are refused, so the cursor says no before the drop.
/// </summary>
internal sealed unsafe partial class OleFileDropTarget
{
    private const uint DropEffectNone = 0, DropEffectCopy = 1;
    internal static readonly Guid IidDropTarget = new("00000122-0000-0000-C000-000000000046");

    private readonly Func<bool> _draggingOwnTake;
    private readonly Func<string, bool> _isOwnFile;
    private IReadOnlyList<string>? _dropped;
    private bool _accept;

    /// <param name="draggingOwnTake">True while the editor itself is dragging (its drags are never learned).</param>
    /// <param name="isOwnFile">True for a path the editor wrote (its takes folder).</param>
    public OleFileDropTarget(Func<bool> draggingOwnTake, Func<string, bool> isOwnFile)
    {
        _draggingOwnTake = draggingOwnTake;
        _isOwnFile = isOwnFile;
    }

    /// <summary>True while a drag the editor would learn from is over it (for a hint on screen).</summary>
    public bool Hovering { get; private set; }

    /// <summary>The paths of the last drop, once; null when nothing was dropped since the last call.</summary>
    public IReadOnlyList<string>? TakeDropped()
    {
        var dropped = _dropped;
        _dropped = null;
        return dropped;
    }

    /// <summary>The COM pointer for RegisterDragDrop (one reference, released by the caller after registering).</summary>
    public nint ComPointer()
    {
        nint unknown = OleFileDragSource.ComWrappers.GetOrCreateComInterfaceForObject(new Target(this), CreateComInterfaceFlags.None);
        int qi = Marshal.QueryInterface(unknown, in IidDropTarget, out nint target);
        Marshal.Release(unknown);
        if (qi != 0) throw new COMException("no IDropTarget", qi);
        return target;
    }

    private uint Enter(nint dataObject)
    {
        var paths = _draggingOwnTake() ? new List<string>() : FilesOf(dataObject);
        _accept = paths.Any(p => !_isOwnFile(p));
        Hovering = _accept;
        return _accept ? DropEffectCopy : DropEffectNone;
    }

    private uint Drop(nint dataObject)
    {
        Hovering = false;
        if (!_accept || _draggingOwnTake()) return DropEffectNone;
        var paths = FilesOf(dataObject);
        if (paths.Count == 0) return DropEffectNone;
        _dropped = paths;
        return DropEffectCopy;
    }

    // The CF_HDROP list of a data object (IDataObject::GetData, vtable slot 3), or nothing when it offers none.
    private static List<string> FilesOf(nint dataObject)
    {
        if (dataObject == 0) return new List<string>();
        var format = OleFormatEtc.FileDrop;
        OleStgMedium medium = default;
        var getData = (delegate* unmanaged<nint, OleFormatEtc*, OleStgMedium*, int>)(*(void***)dataObject)[3];
        if (getData(dataObject, &format, &medium) != 0 || medium.Tymed != OleFormatEtc.TymedHglobal) return new List<string>();
        try { return Win32.DroppedPaths(medium.Handle); }
        finally { Win32.ReleaseStgMedium(&medium); }
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct PointL { public int X, Y; }

    // IDropTarget (oleidl.h), in vtable order. The data object is read through its vtable, so it stays a pointer here.
    [GeneratedComInterface]
    [Guid("00000122-0000-0000-C000-000000000046")]
    internal partial interface IDropTarget
    {
        [PreserveSig] int DragEnter(nint dataObject, uint keyState, PointL point, uint* effect);
        [PreserveSig] int DragOver(uint keyState, PointL point, uint* effect);
        [PreserveSig] int DragLeave();
        [PreserveSig] int Drop(nint dataObject, uint keyState, PointL point, uint* effect);
    }

    [GeneratedComClass]
    internal sealed partial class Target : IDropTarget
    {
        private readonly OleFileDropTarget _owner;
        public Target(OleFileDropTarget owner) { _owner = owner; }

        // Nothing may escape into OLE's loop: a failure refuses the drag.
        public int DragEnter(nint dataObject, uint keyState, PointL point, uint* effect)
        {
            uint e;
            try { e = _owner.Enter(dataObject); }
            catch (Exception) { e = DropEffectNone; }
            if (effect != null) *effect = e != DropEffectNone && (*effect & DropEffectCopy) != 0 ? DropEffectCopy : DropEffectNone;
            return 0;
        }

        public int DragOver(uint keyState, PointL point, uint* effect)
        {
            if (effect != null) *effect = _owner._accept && (*effect & DropEffectCopy) != 0 ? DropEffectCopy : DropEffectNone;
            return 0;
        }

        public int DragLeave()
        {
            _owner.Hovering = false;
            return 0;
        }

        public int Drop(nint dataObject, uint keyState, PointL point, uint* effect)
        {
            uint e;
            try { e = _owner.Drop(dataObject); }
            catch (Exception) { e = DropEffectNone; }
            if (effect != null) *effect = e;
            return 0;
        }
    }
}
