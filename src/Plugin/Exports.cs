using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AiCoPilot.Plugin.Abi;

namespace AiCoPilot.Plugin;

/// <summary>
/// The flat C ABI of the engine library (aicopilot_engine_abi.h). Every export catches every exception and returns
/// an error code: an exception crossing into the host would abort it. None is ever called from the audio thread.
/// </summary>
public static unsafe class Exports
{
    public const uint AbiVersion = 1;
    private static readonly ConcurrentDictionary<long, EngineInstance> Instances = new();
    private static long _nextHandle;

    [UnmanagedCallersOnly(EntryPoint = "aicp_abi_version")]
    public static uint GetAbiVersion() => AbiVersion;

    [UnmanagedCallersOnly(EntryPoint = "aicp_layout_info")]
    public static int GetLayoutInfo(LayoutInfo* output)
    {
        try
        {
            if (output == null) return 2;
            *output = LayoutInfo.Current;
            return 0;
        }
        catch { return 1; }
    }

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_create")]
    public static long Create(EngineConfig* config)
    {
        string? logDirectory = null;
        try
        {
            if (config == null || config->AbiVersion != AbiVersion || config->StructSize < (uint)sizeof(EngineConfig)) return 0;
            var instance = new EngineInstance(*config);
            logDirectory = instance.LogDirectory;
            long handle = Interlocked.Increment(ref _nextHandle);
            Instances[handle] = instance;
            return handle;
        }
        catch (Exception e)
        {
            EngineLog.Write(logDirectory, "engine could not be created: " + e.Message);
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_start")]
    public static int Start(long handle) => Guard(handle, i => i.Start());

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_stop")]
    public static int Stop(long handle) => Guard(handle, i => i.Stop());

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_destroy")]
    public static int Destroy(long handle)
    {
        try
        {
            if (!Instances.TryRemove(handle, out var instance)) return 2;
            instance.Dispose();
            return 0;
        }
        catch { return 1; }
    }

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_get_state")]
    public static int GetState(long handle, byte* buffer, int capacity, int* size)
    {
        try
        {
            if (!Instances.TryGetValue(handle, out var instance) || size == null) return 2;
            byte[] data = instance.Session.SaveStyle();
            *size = data.Length;
            if (buffer == null || capacity < data.Length) return 1;
            data.CopyTo(new Span<byte>(buffer, capacity));
            return 0;
        }
        catch { return 3; }
    }

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_set_state")]
    public static int SetState(long handle, byte* data, int size)
    {
        EngineInstance? instance = null;
        try
        {
            if (!Instances.TryGetValue(handle, out instance) || (data == null && size > 0) || size < 0) return 2;
            if (instance.Session.LoadStyle(new ReadOnlySpan<byte>(data, size), out string reason)) return 0;
            EngineLog.Write(instance.LogDirectory, "saved style refused, a fresh style is used: " + reason);
            return 1;
        }
        catch (Exception e)
        {
            EngineLog.Write(instance?.LogDirectory, "saved style could not be loaded: " + e.Message);
            return 3;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_status")]
    public static int Status(long handle, byte* buffer, int capacity)
    {
        try
        {
            if (buffer == null || capacity <= 0) return 2;
            string text = Instances.TryGetValue(handle, out var instance) ? instance.Status : "no such engine";
            var span = new Span<byte>(buffer, capacity);
            byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(text);
            int n = Math.Min(utf8.Length, capacity - 1);
            utf8.AsSpan(0, n).CopyTo(span);
            span[n] = 0;
            return 0;
        }
        catch { return 1; }
    }

    internal static bool TryGetInstance(long handle, out EngineInstance instance) => Instances.TryGetValue(handle, out instance!);

    private static int Guard(long handle, Action<EngineInstance> action)
    {
        try
        {
            if (!Instances.TryGetValue(handle, out var instance)) return 2;
            action(instance);
            return 0;
        }
        catch { return 1; }
    }
}
