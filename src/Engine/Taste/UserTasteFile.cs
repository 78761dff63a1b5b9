namespace AiCoPilot.Engine.Taste;

/// <summary>
/// The taste shared across projects: one small file per user, beside the takes folder. Read and written whole;
/// written beside and renamed, so a reader never meets half a file. Another program's file, another version's or a
/// damaged one is refused with the reason (<see cref="TasteFormatException"/>), never overwritten except by a reset.
/// </summary>
public static class UserTasteFile
{
    public const string FileName = "taste.bin";

    /// <summary>Where the per-user taste lives: AICOPILOT_TASTE_FILE (a path; "off" shares nothing), else beside the
    /// takes folder: $AICOPILOT_TAKES_DIR/../taste.bin, %LOCALAPPDATA%\AiCoPilot\taste.bin on Windows,
    /// $XDG_DATA_HOME/AiCoPilot/taste.bin, ~/.local/share/AiCoPilot/taste.bin. Null when sharing is switched off.</summary>
    public static string? DefaultPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable("AICOPILOT_TASTE_FILE") is { Length: > 0 } overridden)
                return overridden.Equals("off", StringComparison.OrdinalIgnoreCase) ? null : overridden;
            if (Environment.GetEnvironmentVariable("AICOPILOT_TAKES_DIR") is { Length: > 0 } takes)
                return Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(takes))) ?? takes, FileName);
            string data = OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
                ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(data, "AiCoPilot", FileName);
        }
    }

    /// <summary>Reads the taste at <paramref name="path"/>: null when there is none yet. A file that is not a taste
    /// (or cannot be read) throws <see cref="TasteFormatException"/> with the reason.</summary>
    public static TasteModel? Load(string path)
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(path)) return null;
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TasteFormatException("cannot be read: " + e.Message);
        }
        if (bytes.Length > 1 << 16) throw new TasteFormatException($"not a taste file ({bytes.Length} bytes)");
        return TasteModel.FromBytes(bytes);
    }

    /// <summary>Writes the taste (the folder is made when missing). Throws IOException or UnauthorizedAccessException.</summary>
    public static void Save(string path, TasteModel taste)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        string partial = path + ".part";
        File.WriteAllBytes(partial, taste.ToBytes());
        File.Move(partial, path, overwrite: true);
    }
}
