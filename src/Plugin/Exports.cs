using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using AiCoPilot.Plugin.Abi;

namespace AiCoPilot.Plugin;

/// <summary>
/// The flat C ABI of the engine library (aicopilot_engine_abi.h). Every export catches every exception and returns an
/// <see cref="AbiResult"/> code, with the reason kept as the instance's last error: an exception crossing into the
/// host would abort it. None is ever called from the audio thread.
/// </summary>
public static unsafe class Exports
{
    public const uint AbiVersion = 3;
    private static readonly ConcurrentDictionary<long, EngineInstance> Instances = new();
    private static long _nextHandle;
    private static volatile string _libraryError = "";

    [UnmanagedCallersOnly(EntryPoint = "aicp_abi_version")]
    public static uint GetAbiVersion() => AbiVersion;

    [UnmanagedCallersOnly(EntryPoint = "aicp_layout_info")]
    public static int GetLayoutInfo(LayoutInfo* output)
    {
        try
        {
            if (output == null) return Fail(null, AbiResult.InvalidArgument, "layout_info: no output");
            *output = LayoutInfo.Current;
            return AbiResult.Ok;
        }
        catch (Exception e) { return Fail(null, AbiResult.Failed, "layout_info: " + e.Message); }
    }

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_create")]
    public static long Create(EngineConfig* config)
    {
        string? logDirectory = null;
        try
        {
            if (config == null) { Fail(null, AbiResult.InvalidArgument, "create: no configuration"); return 0; }
            logDirectory = config->LogDirectory == null ? null : Marshal.PtrToStringUTF8((IntPtr)config->LogDirectory);
            if (config->AbiVersion != AbiVersion || config->StructSize < (uint)sizeof(EngineConfig))
            {
                Fail(null, AbiResult.InvalidArgument, $"create: the wrapper speaks ABI {config->AbiVersion} ({config->StructSize}-byte configuration), the engine {AbiVersion}", logDirectory);
                return 0;
            }
            var instance = new EngineInstance(*config);
            long handle = Interlocked.Increment(ref _nextHandle);
            Instances[handle] = instance;
            return handle;
        }
        catch (Exception e)
        {
            Fail(null, AbiResult.Failed, "engine could not be created: " + e.Message, logDirectory);
            return 0;
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_start")]
    public static int Start(long handle) => Run(handle, "start", i => { i.Start(); return AbiResult.Ok; });

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_stop")]
    public static int Stop(long handle) => Run(handle, "stop", i => { i.Stop(); return AbiResult.Ok; });

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_destroy")]
    public static int Destroy(long handle)
    {
        try
        {
            if (!Instances.TryRemove(handle, out var instance)) return Fail(null, AbiResult.NoSuchHandle, $"destroy: no engine {handle}");
            instance.Dispose();
            return AbiResult.Ok;
        }
        catch (Exception e) { return Fail(null, AbiResult.Failed, "destroy: " + e.Message); }
    }

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_get_state")]
    public static int GetState(long handle, byte* buffer, int capacity, int* size) => Run(handle, "get_state", instance =>
    {
        if (size == null || capacity < 0) return Fail(instance, AbiResult.InvalidArgument, "get_state: no size pointer or a negative capacity");
        byte[] data = instance.Session.SaveStyle();
        *size = data.Length;
        if (buffer == null || capacity < data.Length) return AbiResult.BufferTooSmall;  // not an error: the size is the answer
        data.CopyTo(new Span<byte>(buffer, capacity));
        return AbiResult.Ok;
    });

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_set_state")]
    public static int SetState(long handle, byte* data, int size) => Run(handle, "set_state", instance =>
    {
        if ((data == null && size > 0) || size < 0) return Fail(instance, AbiResult.InvalidArgument, "set_state: no data or a negative size");
        if (instance.Session.LoadStyle(new ReadOnlySpan<byte>(data, size), out string reason)) return AbiResult.Ok;
        return Fail(instance, AbiResult.Refused, "saved style refused, the current style is kept: " + reason);
    });

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_status")]
    public static int Status(long handle, byte* buffer, int capacity)
    {
        try
        {
            if (buffer == null || capacity <= 0) return AbiResult.InvalidArgument;
            string text = Instances.TryGetValue(handle, out var instance) ? instance.Status : "no such engine";
            CopyUtf8(text, buffer, capacity);
            return AbiResult.Ok;
        }
        catch (Exception e) { return Fail(null, AbiResult.Failed, "status: " + e.Message); }
    }

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_metrics")]
    public static int Metrics(long handle, EngineMetrics* output) => Run(handle, "metrics", instance =>
    {
        if (output == null || output->StructSize < sizeof(uint)) return Fail(instance, AbiResult.InvalidArgument, "metrics: no record, or its structSize unset");
        var metrics = instance.Metrics;
        // The caller's record may be older (smaller) than ours: fill what it has room for and say how much.
        int bytes = (int)Math.Min(output->StructSize, (uint)sizeof(EngineMetrics));
        metrics.StructSize = (uint)bytes;
        new ReadOnlySpan<byte>(&metrics, bytes).CopyTo(new Span<byte>(output, bytes));
        return AbiResult.Ok;
    });

    [UnmanagedCallersOnly(EntryPoint = "aicp_engine_last_error")]
    public static int LastError(long handle, byte* buffer, int capacity)
    {
        try
        {
            if (buffer == null || capacity <= 0) return AbiResult.InvalidArgument;
            if (handle == 0) { CopyUtf8(_libraryError, buffer, capacity); return AbiResult.Ok; }
            if (!Instances.TryGetValue(handle, out var instance)) { CopyUtf8("", buffer, capacity); return AbiResult.NoSuchHandle; }
            CopyUtf8(instance.LastError, buffer, capacity);
            return AbiResult.Ok;
        }
        catch { return AbiResult.Failed; }
    }

    internal static bool TryGetInstance(long handle, out EngineInstance instance) => Instances.TryGetValue(handle, out instance!);

    // Runs an export's body for an instance: every exception becomes AbiResult.Failed with the reason kept.
    private static int Run(long handle, string what, Func<EngineInstance, int> body)
    {
        EngineInstance? instance = null;
        try
        {
            if (!Instances.TryGetValue(handle, out instance)) return Fail(null, AbiResult.NoSuchHandle, $"{what}: no engine {handle}");
            return body(instance);
        }
        catch (Exception e)
        {
            return Fail(instance, AbiResult.Failed, $"{what}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Keeps the reason as the last error (of the instance, else of the library), logs it, returns the code.
    /// Never throws.</summary>
    internal static int Fail(EngineInstance? instance, int code, string reason, string? logDirectory = null)
    {
        try
        {
            if (instance is not null) instance.LastError = reason;
            else _libraryError = reason;
            EngineLog.Write(instance?.LogDirectory ?? logDirectory, reason);
        }
        catch
        {
        }
        return code;
    }

    private static void CopyUtf8(string text, byte* buffer, int capacity)
    {
        var span = new Span<byte>(buffer, capacity);
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        int n = Math.Min(utf8.Length, capacity - 1);
        utf8.AsSpan(0, n).CopyTo(span);
        span[n] = 0;
    }
}
