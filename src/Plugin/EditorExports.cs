using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using AiCoPilot.Plugin.Editor;

namespace AiCoPilot.Plugin;

/// <summary>
/// The editor's part of the C ABI (aicopilot_engine_abi.h). Called on the host's UI thread only; every export catches
/// everything, so a failing editor closes or stays blank but never takes the host down.
/// </summary>
internal static unsafe class EditorExports
{
    private static readonly ConcurrentDictionary<long, (EditorWindow Window, EngineInstance Engine)> Editors = new();
    private static long _nextHandle;

    [UnmanagedCallersOnly(EntryPoint = "aicp_editor_open")]
    public static long Open(long engine, ulong parent, int width, int height, double scale, EditorHost* host)
    {
        EngineInstance? instance = null;
        try
        {
            if (!Exports.TryGetInstance(engine, out instance) || host == null) return 0;
            var window = EditorWindow.Open(instance, *host, parent, width, height, scale, out string? error);
            if (window is null)
            {
                EngineLog.Write(instance.LogDirectory, "editor not opened: " + error);
                return 0;
            }
            long handle = Interlocked.Increment(ref _nextHandle);
            Editors[handle] = (window, instance);
            return handle;
        }
        catch (Exception e)
        {
            EngineLog.Write(instance?.LogDirectory, "editor not opened: " + e);
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "aicp_editor_fd")]
    public static int Fd(long editor)
    {
        try { return Editors.TryGetValue(editor, out var e) ? e.Window.ConnectionFd : -1; }
        catch { return -1; }
    }

    [UnmanagedCallersOnly(EntryPoint = "aicp_editor_idle")]
    public static int Idle(long editor)
    {
        if (!Editors.TryGetValue(editor, out var e)) return 2;
        try
        {
            return e.Window.Idle() ? 1 : 0;
        }
        catch (Exception ex)
        {
            EngineLog.Write(e.Engine.LogDirectory, "editor error: " + ex);
            return -1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "aicp_editor_resize")]
    public static int Resize(long editor, int width, int height, double scale)
    {
        if (!Editors.TryGetValue(editor, out var e)) return 2;
        try
        {
            e.Window.Resize(width, height, scale);
            return 0;
        }
        catch (Exception ex)
        {
            EngineLog.Write(e.Engine.LogDirectory, "editor resize failed: " + ex.Message);
            return 1;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "aicp_editor_close")]
    public static int Close(long editor)
    {
        if (!Editors.TryRemove(editor, out var e)) return 2;
        try
        {
            e.Window.Dispose();
            return 0;
        }
        catch (Exception ex)
        {
            EngineLog.Write(e.Engine.LogDirectory, "editor close failed: " + ex.Message);
            return 1;
        }
    }
}
