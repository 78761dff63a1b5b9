using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Offline;

/// <summary>
/// Teaches a style model the musician's own files (MIDI, MusicXML lead sheets): a folder is searched through, each
/// song read by the one reader and tokenizer and learned as the player's style learns a phrase. A file that cannot be
/// read gets one line saying why, and the others are learned all the same. One file at a time, so the engine thread
/// can learn a folder between its other work.
/// </summary>
public sealed class StyleFromFiles
{
    private readonly Queue<string> _files;
    private readonly List<string> _problems = new();

    public StyleFromFiles(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path)) files.AddRange(SongFiles.Find(path));
            else if (File.Exists(path) && SongFiles.IsSong(path)) files.Add(path);
            else _problems.Add($"{path}: {(File.Exists(path) ? "not a MIDI or MusicXML file" : "not found")}");
        }
        _files = new Queue<string>(files);
        Total = files.Count;
    }

    public int Total { get; }
    public int Learned { get; private set; }
    public long Tokens { get; private set; }
    public bool Done => _files.Count == 0;
    /// <summary>One line per file that could not be learned: its path and why.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>"learned 12 of 40 files" and the problems so far, for a status line or a terminal.</summary>
    public string Progress => $"learned {Learned} of {Total} file{(Total == 1 ? "" : "s")}" +
                              (_problems.Count > 0 ? $", {_problems.Count} not readable" : "");

    /// <summary>Reads and learns the next file (the caller holds whatever guards <paramref name="style"/>). False when
    /// there was none left.</summary>
    public bool LearnNext(VariableOrderMarkovModel style)
    {
        if (!_files.TryDequeue(out var file)) return false;
        int[] tokens;
        try
        {
            tokens = Tokenizer.Encode(SongFiles.Read(file, out _).Sheet).ToArray();
        }
        catch (Exception e) when (e is MidiFormatException or IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            _problems.Add($"{file}: {e.Message}");
            return true;
        }
        if (tokens.Count(t => TokenVocabulary.KindOf(t) == TokenKind.Pitch) < 2)
        {
            _problems.Add($"{file}: no melody found");
            return true;
        }
        style.Train(tokens);
        Learned++;
        Tokens += tokens.Length;
        return true;
    }

    /// <summary>Learns every file at once (the command line's --learn).</summary>
    public StyleFromFiles LearnAll(VariableOrderMarkovModel style)
    {
        while (LearnNext(style)) { }
        return this;
    }
}
