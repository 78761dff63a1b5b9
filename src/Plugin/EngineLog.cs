using System.Globalization;

namespace AiCoPilot.Plugin;

/// <summary>
/// Appends to aicopilot.log in the user's cache folder (never from the audio thread, which never runs C#). It never
/// throws: it is called from the exports' catch blocks, where an exception would escape into the host.
/// </summary>
internal static class EngineLog
{
    private static readonly object Gate = new();

    public static void Write(string? directory, string message)
    {
        try
        {
            if (string.IsNullOrEmpty(directory)) return;
            lock (Gate)
            {
                Directory.CreateDirectory(directory);
                File.AppendAllText(Path.Combine(directory, "aicopilot.log"),
                    DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " engine: " + message + "\n");
            }
        }
        catch
        {
            // Nowhere left to report it: the caller's return code and last error still say what failed.
        }
    }
}
