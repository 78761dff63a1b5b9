using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Notation;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Offline;

/// <summary>
/// Tokenizes a folder of .mid files for training (`aicopilot tokenize DIR -o OUTDIR`). Writes tokens.bin (every
/// song's ids as little-endian uint16, songs back to back, each BOS ... EOS), index.json (vocabulary hash and size, token
/// ranges, and per song its path, dataset, split, offset and length) and vocab.json (token names). The split of a
/// song is the folder name train/valid/test on its path, else a stable hash of its path (8 % valid, 8 % test). No augmentation
/// happens here: training transposes pitch and chord ids on the fly (docs/tokens.md).
/// </summary>
public static class CorpusTokenizer
{
    public sealed record SongEntry(string Path, string Dataset, string Split, long Offset, int Length, int Notes, int Chords, string MelodySource, string ChordSource);

    public sealed record Report(int Files, int Failed, long Tokens, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

    public static Report Run(string inputDir, string outputDir, int maxDegreeOfParallelism = 2) =>
        Run(new[] { inputDir }, outputDir, maxDegreeOfParallelism);

    /// <summary>
    /// Tokenizes every .mid/.midi and MusicXML (.mxl, .musicxml, .xml) file under the given folders. Given several
    /// folders, each is one dataset named after it; given one, a song's dataset is the first folder of its path below
    /// it (a folder of datasets), or the folder's own name when the song lies in train/valid/test directly.
    /// </summary>
    public static Report Run(IReadOnlyList<string> inputDirs, string outputDir, int maxDegreeOfParallelism = 2)
    {
        var files = new List<(string Root, string File)>();
        foreach (var inputDir in inputDirs)
        {
            if (!Directory.Exists(inputDir)) throw new DirectoryNotFoundException($"input folder not found: {inputDir}");
            files.AddRange(SongFiles.Find(inputDir).Select(f => (inputDir, f)));
        }
        var results = new (List<int>? Tokens, SongEntry? Entry, string? Error)[files.Count];
        var warnings = new string[files.Count][];
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
        {
            var (inputDir, file) = files[i];
            string relative = Path.GetRelativePath(inputDir, file).Replace('\\', '/');
            string rootName = Path.GetFileName(Path.GetFullPath(inputDir).TrimEnd('/', '\\'));
            try
            {
                var (sheet, melodySource, chordSource) = SongFiles.Read(file, out var repairs);
                warnings[i] = repairs.Select(w => $"{relative}: {w}").ToArray();
                var tokens = Tokenizer.Encode(sheet);
                var parts = relative.Split('/');
                string split = SongFiles.SplitOf(relative);
                string dataset = inputDirs.Count == 1 && parts.Length > 1 && parts[0] is not ("train" or "valid" or "test") ? parts[0] : rootName;
                results[i] = (tokens, new SongEntry(inputDirs.Count > 1 ? $"{rootName}/{relative}" : relative, dataset, split, 0,
                    tokens.Count, sheet.Melody.Count, sheet.Chords.Count, melodySource, chordSource), null);
            }
            catch (Exception e) when (e is MidiFormatException or IOException or InvalidDataException or ArgumentException)
            {
                results[i] = (null, null, $"{relative}: {e.Message}");
            }
        });

        Directory.CreateDirectory(outputDir);
        var entries = new List<SongEntry>();
        var errors = new List<string>();
        long offset = 0;
        using (var bin = new BinaryWriter(File.Create(Path.Combine(outputDir, "tokens.bin"))))
        {
            foreach (var (tokens, entry, error) in results)
            {
                if (error is not null) { errors.Add(error); continue; }
                foreach (int t in tokens!) bin.Write((ushort)t);
                entries.Add(entry! with { Offset = offset });
                offset += tokens!.Count;
            }
        }
        var index = new JsonObject
        {
            ["format"] = "aicopilot-tokens",
            ["spec_version"] = TokenVocabulary.SpecVersion,
            ["vocab_hash"] = TokenVocabulary.Hash,
            ["vocab_size"] = TokenVocabulary.Size,
            ["dtype"] = "uint16-le",
            ["augmentation"] = "none in the data; training transposes pitch and chord ids",
            ["ranges"] = new JsonObject
            {
                ["pad"] = TokenVocabulary.Pad, ["bos"] = TokenVocabulary.Bos, ["eos"] = TokenVocabulary.Eos, ["bar"] = TokenVocabulary.Bar,
                ["meter"] = Range(TokenVocabulary.MeterBase, TokenVocabulary.MeterCount),
                ["position"] = Range(TokenVocabulary.PositionBase, TokenVocabulary.PositionCount),
                ["pitch"] = Range(TokenVocabulary.PitchBase, TokenVocabulary.PitchCount),
                ["duration"] = Range(TokenVocabulary.DurationBase, TokenVocabulary.DurationCount),
                ["velocity"] = Range(TokenVocabulary.VelocityBase, TokenVocabulary.VelocityBuckets),
                ["chord"] = Range(TokenVocabulary.ChordBase, TokenVocabulary.ChordCount),
                ["chord_qualities"] = Music.ChordSymbol.QualityCount,
            },
            ["total_tokens"] = offset,
            ["splits"] = new JsonObject(entries.GroupBy(e => e.Split).OrderBy(g => g.Key)
                .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)new JsonObject { ["songs"] = g.Count(), ["tokens"] = g.Sum(e => (long)e.Length) }))),
            ["songs"] = new JsonArray(entries.Select(e => (JsonNode?)new JsonObject
            {
                ["path"] = e.Path, ["dataset"] = e.Dataset, ["split"] = e.Split, ["offset"] = e.Offset, ["length"] = e.Length,
                ["notes"] = e.Notes, ["chords"] = e.Chords, ["melody_source"] = e.MelodySource, ["chord_source"] = e.ChordSource,
            }).ToArray()),
            ["errors"] = new JsonArray(errors.Select(e => (JsonNode?)e).ToArray()),
        };
        var options = new JsonSerializerOptions { WriteIndented = true };
        File.WriteAllText(Path.Combine(outputDir, "index.json"), index.ToJsonString(options));
        var vocab = new JsonArray(Enumerable.Range(0, TokenVocabulary.Size).Select(i => (JsonNode?)TokenVocabulary.Name(i)).ToArray());
        File.WriteAllText(Path.Combine(outputDir, "vocab.json"), new JsonObject { ["vocab_hash"] = TokenVocabulary.Hash, ["tokens"] = vocab }.ToJsonString(options));
        return new Report(files.Count, errors.Count, offset, errors, warnings.Where(w => w is not null).SelectMany(w => w).ToList());
    }

    private static JsonObject Range(int start, int count) => new() { ["start"] = start, ["count"] = count };
}
