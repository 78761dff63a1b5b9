using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace AiCoPilot.Plugin;

/// <summary>
/// Makes ONNX Runtime's native library load from the bundle's own folder. Inside a NativeAOT library the managed
/// package's resolver looks beside the host executable (the DAW), so ours replaces it, once per process.
/// </summary>
internal static class OnnxRuntimeLoader
{
    private static readonly object Gate = new();
    private static bool _configured;

    public static void Configure(string libraryDirectory)
    {
        lock (Gate)
        {
            if (_configured) return;
            _configured = true;
            OrtEnv.DisableDllImportResolver = true;
            NativeLibrary.SetDllImportResolver(typeof(OrtEnv).Assembly, (name, assembly, searchPath) =>
            {
                if (!name.Contains("onnxruntime", StringComparison.OrdinalIgnoreCase)) return IntPtr.Zero;
                string path = Path.Combine(libraryDirectory, "libonnxruntime.so");
                return NativeLibrary.TryLoad(path, out IntPtr handle) ? handle : IntPtr.Zero;
            });
        }
    }
}
