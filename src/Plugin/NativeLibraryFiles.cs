namespace AiCoPilot.Plugin;

/// <summary>The file names of the native libraries the engine loads from the bundle's binary folder, per system.</summary>
internal static class NativeLibraryFiles
{
    public static string OnnxRuntime => OperatingSystem.IsWindows() ? "onnxruntime.dll" : "libonnxruntime.so";
    public static string Skia => OperatingSystem.IsWindows() ? "libSkiaSharp.dll" : "libSkiaSharp.so";
}
