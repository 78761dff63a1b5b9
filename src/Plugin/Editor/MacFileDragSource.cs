using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// The macOS drag of a file: an NSDraggingItem whose pasteboard writer is the file's NSURL (the pasteboard then holds
/// public.file-url, which DAWs and the Finder take as a dropped file), started from the editor's NSView with
/// beginDraggingSessionWithItems:event:source: on the mouse event being handled. AppKit runs the drag from there;
/// the source is an object of a class made at run time that conforms to NSDraggingSource: it offers "copy" and hears
/// the outcome in draggingSession:endedAtPoint:operation:. AppKit, not the target, ends a macOS drag, so no timeout
/// is needed (X11's target-driven XdndFinished is what needs one). Written for a macOS build of the editor and
/// UNTESTED: it calls the Objective-C runtime only on macOS, and these machines have none (docs/editor.md).
/// </summary>
internal sealed unsafe class MacFileDragSource : IFileDragSource
{
    private const string ObjC = "/usr/lib/libobjc.A.dylib";
    private const string AppKit = "/System/Library/Frameworks/AppKit.framework/AppKit";
    private const nuint DragOperationNone = 0, DragOperationCopy = 1;
    private const string SourceClassName = "AiCoPilotFileDragSource";

    // The drags in flight, by their source object: AppKit's callbacks find their C# side here.
    private static readonly ConcurrentDictionary<nint, MacFileDragSource> InFlight = new();
    private static nint _sourceClass;

    private readonly nint _view;
    private nint _source;
    private string? _outcome;
    private bool _finishedUnread;

    /// <param name="nsView">The editor's NSView, the one the host's parent view holds.</param>
    public MacFileDragSource(nint nsView) { _view = nsView; }

    public bool Active => _source != 0;

    public string? TakeFinished()
    {
        if (!_finishedUnread) return null;
        _finishedUnread = false;
        return _outcome;
    }

    /// <summary>What a drag that AppKit ended with <paramref name="operation"/> amounts to.</summary>
    internal static string Outcome(nuint operation) => operation == DragOperationNone ? "not dropped" : "dropped";

    /// <summary>The operations offered to every target: a copy (the take's file stays where it was written).</summary>
    internal static nuint SourceOperationMask(nint context) => DragOperationCopy;

    /// <summary>
    /// Starts the drag; call it while AppKit dispatches the mouse-down or mouse-dragged event (NSApp.currentEvent is
    /// that event). <paramref name="pressTime"/> is unused: AppKit takes the time from the event.
    /// </summary>
    public bool Begin(string path, ulong pressTime)
    {
        if (Active) return false;
        if (!OperatingSystem.IsMacOS() || _view == 0) return Fail(0, "the drag could not start: the macOS drag needs macOS and the editor's NSView");
        try
        {
            NativeLibrary.Load(AppKit);
            var rt = Runtime.Instance;
            nint url = rt.Send(rt.Class("NSURL"), "fileURLWithPath:", rt.NSString(Path.GetFullPath(path)));
            nint item = rt.Send(rt.Send(rt.Class("NSDraggingItem"), "alloc"), "initWithPasteboardWriter:", url);
            nint app = rt.Send(rt.Class("NSApplication"), "sharedApplication");
            nint mouseEvent = rt.Send(app, "currentEvent");
            if (item == 0 || mouseEvent == 0) return Fail(item, "the drag could not start: no item or no current event");
            // The image AppKit slides under the pointer: the view's own icon-sized patch at the press, no contents.
            var at = rt.SendPoint(_view, "convertPoint:fromView:", rt.SendPoint(mouseEvent, "locationInWindow"), 0);
            rt.SendRect(item, "setDraggingFrame:contents:", new NSRect(at.X - 16, at.Y - 16, 32, 32), 0);
            nint items = rt.Send(rt.Class("NSArray"), "arrayWithObject:", item);
            _source = rt.Send(rt.Send(SourceClass(rt), "alloc"), "init");
            InFlight[_source] = this;
            nint session = rt.Send(_view, "beginDraggingSessionWithItems:event:source:", items, mouseEvent, _source);
            rt.Send(item, "release");  // the session holds it now
            if (session == 0)
            {
                InFlight.TryRemove(_source, out _);
                rt.Send(_source, "release");
                _source = 0;
                return Fail(0, "the drag could not start: AppKit refused the dragging session");
            }
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            return Fail(0, "the drag could not start: " + e.Message);
        }
    }

    private bool Fail(nint item, string reason)
    {
        if (item != 0) Runtime.Instance.Send(item, "release");
        _outcome = reason;
        _finishedUnread = true;
        return false;
    }

    private void Ended(nuint operation)
    {
        _outcome = Outcome(operation);
        _finishedUnread = true;
        Runtime.Instance.Send(_source, "release");
        _source = 0;
    }

    // NSObject subclass conforming to NSDraggingSource, registered once per process.
    private static nint SourceClass(Runtime rt)
    {
        if (_sourceClass != 0) return _sourceClass;
        nint cls = rt.GetClass(SourceClassName);
        if (cls == 0)
        {
            cls = rt.AllocateClassPair(rt.Class("NSObject"), SourceClassName);
            rt.AddMethod(cls, "draggingSession:sourceOperationMaskForDraggingContext:",
                (nint)(delegate* unmanaged<nint, nint, nint, nint, nuint>)&OnSourceOperationMask, "Q@:@q");
            rt.AddMethod(cls, "draggingSession:endedAtPoint:operation:",
                (nint)(delegate* unmanaged<nint, nint, nint, NSPoint, nuint, void>)&OnEnded, "v@:@{CGPoint=dd}Q");
            rt.AddProtocol(cls, "NSDraggingSource");
            rt.RegisterClassPair(cls);
        }
        return _sourceClass = cls;
    }

    // AppKit calls these on the main thread; an exception escaping into AppKit would abort the host.
    [UnmanagedCallersOnly]
    private static nuint OnSourceOperationMask(nint self, nint selector, nint session, nint context)
    {
        try { return SourceOperationMask(context); }
        catch { return DragOperationNone; }
    }

    [UnmanagedCallersOnly]
    private static void OnEnded(nint self, nint selector, nint session, NSPoint screenPoint, nuint operation)
    {
        try { if (InFlight.TryRemove(self, out var drag)) drag.Ended(operation); }
        catch { }
    }

    [StructLayout(LayoutKind.Sequential)]
    internal readonly record struct NSPoint(double X, double Y);

    [StructLayout(LayoutKind.Sequential)]
    internal readonly record struct NSRect(double X, double Y, double Width, double Height);

    /// <summary>The few Objective-C runtime calls the drag needs, bound by name on first use.</summary>
    private sealed class Runtime
    {
        private static Runtime? _instance;
        public static Runtime Instance => _instance ??= new Runtime(NativeLibrary.Load(ObjC));

        private readonly delegate* unmanaged<nint, nint, nint> _send0;
        private readonly delegate* unmanaged<nint, nint, nint, nint> _send1;
        private readonly delegate* unmanaged<nint, nint, nint, nint, nint, nint> _send3;
        private readonly delegate* unmanaged<nint, nint, NSPoint> _sendPoint0;
        private readonly delegate* unmanaged<nint, nint, NSPoint, nint, NSPoint> _sendPoint2;
        private readonly delegate* unmanaged<nint, nint, NSRect, nint, void> _sendRect;
        private readonly delegate* unmanaged<byte*, nint> _getClass;
        private readonly delegate* unmanaged<byte*, nint> _registerName;
        private readonly delegate* unmanaged<nint, byte*, nuint, nint> _allocateClassPair;
        private readonly delegate* unmanaged<nint, void> _registerClassPair;
        private readonly delegate* unmanaged<nint, nint, nint, byte*, byte> _addMethod;
        private readonly delegate* unmanaged<byte*, nint> _getProtocol;
        private readonly delegate* unmanaged<nint, nint, byte> _addProtocol;

        private Runtime(nint lib)
        {
            // objc_msgSend is one entry point called with each method's own signature; structs of up to two doubles
            // come back in registers on x86_64 and arm64, so no objc_msgSend_stret is needed here.
            nint send = NativeLibrary.GetExport(lib, "objc_msgSend");
            _send0 = (delegate* unmanaged<nint, nint, nint>)send;
            _send1 = (delegate* unmanaged<nint, nint, nint, nint>)send;
            _send3 = (delegate* unmanaged<nint, nint, nint, nint, nint, nint>)send;
            _sendPoint0 = (delegate* unmanaged<nint, nint, NSPoint>)send;
            _sendPoint2 = (delegate* unmanaged<nint, nint, NSPoint, nint, NSPoint>)send;
            _sendRect = (delegate* unmanaged<nint, nint, NSRect, nint, void>)send;
            _getClass = (delegate* unmanaged<byte*, nint>)NativeLibrary.GetExport(lib, "objc_getClass");
            _registerName = (delegate* unmanaged<byte*, nint>)NativeLibrary.GetExport(lib, "sel_registerName");
            _allocateClassPair = (delegate* unmanaged<nint, byte*, nuint, nint>)NativeLibrary.GetExport(lib, "objc_allocateClassPair");
            _registerClassPair = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(lib, "objc_registerClassPair");
            _addMethod = (delegate* unmanaged<nint, nint, nint, byte*, byte>)NativeLibrary.GetExport(lib, "class_addMethod");
            _getProtocol = (delegate* unmanaged<byte*, nint>)NativeLibrary.GetExport(lib, "objc_getProtocol");
            _addProtocol = (delegate* unmanaged<nint, nint, byte>)NativeLibrary.GetExport(lib, "class_addProtocol");
        }

        public nint GetClass(string name) { fixed (byte* n = Utf8(name)) return _getClass(n); }

        public nint Class(string name) =>
            GetClass(name) is var cls && cls != 0 ? cls : throw new InvalidOperationException($"no Objective-C class {name}");

        public nint Selector(string name) { fixed (byte* n = Utf8(name)) return _registerName(n); }

        public nint Send(nint receiver, string selector) => _send0(receiver, Selector(selector));
        public nint Send(nint receiver, string selector, nint a) => _send1(receiver, Selector(selector), a);
        public nint Send(nint receiver, string selector, nint a, nint b, nint c) => _send3(receiver, Selector(selector), a, b, c);
        public NSPoint SendPoint(nint receiver, string selector) => _sendPoint0(receiver, Selector(selector));
        public NSPoint SendPoint(nint receiver, string selector, NSPoint a, nint b) => _sendPoint2(receiver, Selector(selector), a, b);
        public void SendRect(nint receiver, string selector, NSRect a, nint b) => _sendRect(receiver, Selector(selector), a, b);

        public nint NSString(string text)
        {
            fixed (byte* t = Utf8(text)) return _send1(Class("NSString"), Selector("stringWithUTF8String:"), (nint)t);
        }

        public nint AllocateClassPair(nint superclass, string name)
        {
            fixed (byte* n = Utf8(name)) return _allocateClassPair(superclass, n, 0);
        }

        public void RegisterClassPair(nint cls) => _registerClassPair(cls);

        public void AddMethod(nint cls, string selector, nint implementation, string types)
        {
            fixed (byte* t = Utf8(types))
                if (_addMethod(cls, Selector(selector), implementation, t) == 0)
                    throw new InvalidOperationException($"class_addMethod refused {selector}");
        }

        public void AddProtocol(nint cls, string protocol)
        {
            nint p;
            fixed (byte* n = Utf8(protocol)) p = _getProtocol(n);
            if (p != 0) _addProtocol(cls, p);  // informal when AppKit does not list it: the methods are what counts
        }

        private static byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s + "\0");
    }
}
