using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using AiCoPilot.Plugin.Abi;
using AiCoPilot.Plugin.Editor;

namespace AiCoPilot.Plugin;

/// <summary>
/// The editor's part of the C ABI (aicopilot_engine_abi.h). Called on the host's UI thread only; every export catches
/// everything (returning an <see cref="AbiResult"/> code, with the reason as the engine's last error), so a failing
/// editor closes or stays blank but never takes the host down.
/// </summary>
internal static unsafe class EditorExports
{
    private static readonly ConcurrentDictionary<long, (IEditorWindow Window, EngineInstance Engine)> Editors = new();
    private static long _nextHandle;

    [UnmanagedCallersOnly(EntryPoint = "aicp_editor_open")]
    public static long Open(long engine, ulong parent, int width, int height, double scale, EditorHost* host)
    {
        EngineInstance? instance = null;
        try
        {
            if (!Exports.TryGetInstance(engine, out instance) || host == null) return 0;
            var window = IEditorWindow.Open(instance, *host, parent, width, height, scale, out string? error);
            if (window is null)
            {
                Exports.Fail(instance, AbiResult.Failed, "editor not opened: " + error);
                return 0;
            }
            long handle = Interlocked.Increment(ref _nextHandle);
            Editors[handle] = (window, instance);
            return handle;
        }
        catch (Exception e)
        {
            Exports.Fail(instance, AbiResult.Failed, "editor not opened: " + e);
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "aicp_editor_fd")]
    public static int Fd(long editor)
    {
        try { return Editors.TryGetValue(editor, out var e) ? e.Window.EventFd : -1; }
        catch { return -1; }
    }

    [UnmanagedCallersOnly(EntryPoint = "aicp_editor_idle")]
    public static int Idle(long editor) => Run(editor, "editor error", e => e.Window.Idle() ? 1 : 0);

    [UnmanagedCallersOnly(EntryPoint = "aicp_editor_resize")]
    public static int Resize(long editor, int width, int height, double scale) =>
        Run(editor, "editor resize failed", e => { e.Window.Resize(width, height, scale); return AbiResult.Ok; });

    [UnmanagedCallersOnly(EntryPoint = "aicp_editor_close")]
    public static int Close(long editor)
    {
        try
        {
            if (!Editors.TryRemove(editor, out var e)) return AbiResult.NoSuchHandle;
            try
            {
                e.Window.Dispose();
                return AbiResult.Ok;
            }
            catch (Exception ex) { return Exports.Fail(e.Engine, AbiResult.Failed, "editor close failed: " + ex.Message); }
        }
        catch { return AbiResult.Failed; }
    }

    private static int Run(long editor, string what, Func<(IEditorWindow Window, EngineInstance Engine), int> body)
    {
        try
        {
            if (!Editors.TryGetValue(editor, out var e)) return AbiResult.NoSuchHandle;
            try { return body(e); }
            catch (Exception ex) { return Exports.Fail(e.Engine, AbiResult.Failed, what + ": " + ex); }
        }
        catch { return AbiResult.Failed; }
    }
}
