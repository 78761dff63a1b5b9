using AiCoPilot.Engine.Midi;

namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// Writes takes as Standard MIDI Files into the user's folder of takes, for dragging onto a track or exporting.
/// Files are kept: a host may still reference one after the drop, so nothing here deletes them.
/// </summary>
public static class TakeFiles
{
    public const int TicksPerQuarter = 480;

    /// <summary>AICOPILOT_TAKES_DIR, else on Windows %LOCALAPPDATA%\AiCoPilot\takes, else
    /// $XDG_DATA_HOME/AiCoPilot/takes, else ~/.local/share/AiCoPilot/takes.</summary>
    public static string Folder
    {
        get
        {
            if (Environment.GetEnvironmentVariable("AICOPILOT_TAKES_DIR") is { Length: > 0 } overridden) return overridden;
            string data = OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
                ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            return Path.Combine(data, "AiCoPilot", "takes");
        }
    }

    /// <summary>The folder whose MIDI and MusicXML files "Learn files" teaches the style: beside the takes folder.</summary>
    public static string LearnFolder => Path.Combine(Path.GetDirectoryName(Folder) ?? Folder, "learn");

    /// <summary>The take as a one-track song starting at tick 0, at the tempo it was heard in, in 4/4 unless told.</summary>
    public static MidiSong ToSong(IReadOnlyList<ViewNote> notes, double startPpq, double tempo, int take, int numerator = 4, int denominator = 4)
    {
        var song = new MidiSong(TicksPerQuarter);
        int microseconds = (int)Math.Clamp(Math.Round(60_000_000 / (tempo > 0 && double.IsFinite(tempo) ? tempo : 120)), 1, 0xFFFFFF);
        song.Tempos.Add(new TempoChange(0, microseconds));
        song.TimeSignatures.Add(new TimeSignature(0, numerator, denominator));
        var track = new MidiTrack($"AiCoPilot take {take + 1}");
        double origin = double.IsFinite(startPpq) ? startPpq : notes.Select(n => n.StartPpq).DefaultIfEmpty(0).Min();
        foreach (var n in notes.OrderBy(n => n.StartPpq).ThenBy(n => n.Pitch))
        {
            long start = Math.Max(0, (long)Math.Round((n.StartPpq - origin) * TicksPerQuarter));
            long length = Math.Max(1, (long)Math.Round(n.LengthPpq * TicksPerQuarter));
            track.Notes.Add(new MidiNote(Math.Clamp(n.Pitch, 0, 127), Math.Clamp(n.Velocity, 1, 127), 0, start, length));
        }
        song.Tracks.Add(track);
        return song;
    }

    /// <summary>Writes the take into <paramref name="folder"/> (created if missing) under a new name; returns the path.</summary>
    public static string Write(IReadOnlyList<ViewNote> notes, double startPpq, double tempo, int take, string? folder = null)
    {
        folder ??= Folder;
        Directory.CreateDirectory(folder);
        string stamp = DateTime.Now.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        string path = Path.Combine(folder, $"aicopilot-{stamp}-take{take + 1}.mid");
        for (int n = 2; File.Exists(path); n++) path = Path.Combine(folder, $"aicopilot-{stamp}-take{take + 1}-{n}.mid");
        // Written beside and renamed: a drop target never reads a half-written file.
        string partial = path + ".part";
        ToSong(notes, startPpq, tempo, take).Save(partial);
        File.Move(partial, path);
        return path;
    }
}
