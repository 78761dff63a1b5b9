using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Notation;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Offline;

/// <summary>
/// The song files the offline tools read (MIDI, and MusicXML lead sheets) and the split each belongs to: the folder
/// name train/valid/test on its path, else a stable hash of its path below the folder given (8 % valid, 8 % test), the
/// same for `tokenize`, `eval` and `playalong`.
/// </summary>
public static class SongFiles
{
    public const double HashSplitShare = 0.08;

    public static bool IsMidi(string path) =>
        path.EndsWith(".mid", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".midi", StringComparison.OrdinalIgnoreCase);

    public static bool IsSong(string path) =>
        IsMidi(path) || (MusicXmlReader.IsMusicXmlPath(path) && !Path.GetFileName(path).Equals("container.xml", StringComparison.OrdinalIgnoreCase));

    /// <summary>Every song under a folder, in a fixed order; with a split name, only that split's.</summary>
    public static List<string> Find(string folder, string? split = null) =>
        Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories).Where(IsSong)
            .Where(f => split is null || SplitOf(Path.GetRelativePath(folder, f).Replace('\\', '/')) == split)
            .OrderBy(f => f, StringComparer.Ordinal).ToList();

    public static string SplitOf(string relativePath) =>
        relativePath.Split('/').FirstOrDefault(p => p is "train" or "valid" or "test") ?? HashSplit(relativePath);

    /// <summary>valid, test or train from a stable hash (FNV-1a) of the song's path, so the split never changes between runs.</summary>
    public static string HashSplit(string relativePath)
    {
        uint hash = 2166136261;
        foreach (char c in relativePath) hash = (hash ^ c) * 16777619;
        double u = (hash % 10_000) / 10_000.0;
        return u < HashSplitShare ? "valid" : u < 2 * HashSplitShare ? "test" : "train";
    }

    /// <summary>A song's lead sheet and how its melody and chords were found; the reader's repairs go to <paramref name="warnings"/>.</summary>
    public static (LeadSheet Sheet, string MelodySource, string ChordSource) Read(string file, out IReadOnlyList<string> warnings)
    {
        if (!IsMidi(file))
        {
            warnings = Array.Empty<string>();
            return (MusicXmlReader.Load(file), "MusicXML first part", "MusicXML harmony");
        }
        var song = MidiSong.Load(file);
        warnings = song.ReadWarnings;
        var extraction = LeadSheetExtractor.Extract(song, file);
        return (extraction.Sheet, extraction.MelodySource, extraction.ChordSource);
    }
}
