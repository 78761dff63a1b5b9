using System.Runtime.InteropServices;
using SkiaSharp;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// Makes SkiaSharp's native library load from the bundle's own folder: inside a NativeAOT library the default probing
/// looks beside the host executable (the DAW). Once per process, before the first Skia call.
/// </summary>
internal static class SkiaLoader
{
    private static readonly object Gate = new();
    private static bool _configured;

    public static void Configure(string libraryDirectory)
    {
        lock (Gate)
        {
            if (_configured) return;
            _configured = true;
            NativeLibrary.SetDllImportResolver(typeof(SKCanvas).Assembly, (name, assembly, searchPath) =>
            {
                if (!name.Contains("SkiaSharp", StringComparison.OrdinalIgnoreCase)) return IntPtr.Zero;
                string path = Path.Combine(libraryDirectory, "libSkiaSharp.so");
                return NativeLibrary.TryLoad(path, out IntPtr handle) ? handle : IntPtr.Zero;
            });
        }
    }
}
