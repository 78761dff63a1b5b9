using System.Globalization;

namespace AiCoPilot.Plugin;

/// <summary>Appends to aicopilot.log in the user's cache folder (never from the audio thread, which never runs C#).</summary>
internal static class EngineLog
{
    private static readonly object Gate = new();

    public static void Write(string? directory, string message)
    {
        if (string.IsNullOrEmpty(directory)) return;
        try
        {
            lock (Gate)
            {
                Directory.CreateDirectory(directory);
                File.AppendAllText(Path.Combine(directory, "aicopilot.log"),
                    DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " engine: " + message + "\n");
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
