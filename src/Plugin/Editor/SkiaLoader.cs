using SkiaSharp;

namespace AiCoPilot.Plugin.Editor;

/// <summary>Makes SkiaSharp's native library load from the bundle's own folder, before the first Skia call.</summary>
internal static class SkiaLoader
{
    public static void Configure(string libraryDirectory) =>
        BundleLibraryResolver.Configure(typeof(SKCanvas).Assembly, "SkiaSharp", libraryDirectory, NativeLibraryFiles.Skia);
}
