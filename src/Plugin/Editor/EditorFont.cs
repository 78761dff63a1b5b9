using System.Reflection;
using SkiaSharp;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// The editor's font. Skia's NoDependencies build has no system font manager (its default typeface draws nothing),
/// so the font is embedded in the library; a system DejaVu file is the fallback for a build made without it.
/// </summary>
internal static class EditorFont
{
    private const string ResourceName = "AiCoPilot.Editor.Font.ttf";
    private static readonly string[] SystemFiles =
    {
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    };

    public static SKTypeface Load()
    {
        using (var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName))
        {
            if (stream is not null && SKTypeface.FromStream(stream) is { } embedded) return embedded;
        }
        foreach (var file in SystemFiles)
            if (File.Exists(file) && SKTypeface.FromFile(file) is { } system) return system;
        return SKTypeface.Default;
    }
}
