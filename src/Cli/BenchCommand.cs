using AiCoPilot.Engine;
using AiCoPilot.Engine.Answering;
using System.Diagnostics;
using System.Globalization;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Cli;

/// <summary>
/// `aicopilot bench [DIR]`: the engine-core figures of docs/benchmarks.md. SMF parse throughput over the .mid files
/// under DIR (default ../shared/data, else a generated corpus), style-model learning cost per token and per note
/// (early and late in a long history, to show it does not grow), generation tokens per second and managed bytes
/// allocated per generated token.
/// </summary>
public static class BenchCommand
{
    public static int Run(string[] args)
    {
        var cmd = new CommandLine(args, new HashSet<string>());
        cmd.RejectUnknown();
        string? dir = cmd.Positional.Count > 0 ? cmd.Positional[0] : FindSharedData();
        var files = dir is not null && Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*.mid", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllBytes).ToList()
            : new List<byte[]>();
        string source = files.Count > 0 ? $"{files.Count} files under {dir}" : "no corpus found: generated songs";
        if (files.Count == 0) files = GeneratedCorpus();

        Line("corpus", source);
        double mb = files.Sum(f => (long)f.Length) / 1e6;
        var parseTimes = new List<double>();
        var songs = new List<MidiSong>();
        for (int rep = 0; rep < 3; rep++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var bytes in files) { var s = MidiSongConverter.FromSmf(SmfReader.Read(bytes)); if (rep == 0) songs.Add(s); }
            parseTimes.Add(clock.Elapsed.TotalSeconds);
        }
        parseTimes.Sort();
        Line("smf_parse_mb_per_s", F(mb / parseTimes[1]), $"{mb:F1} MB, median of 3 passes, reader + note pairing");

        var tokens = songs.SelectMany(s => Tokenizer.Encode(LeadSheetExtractor.Extract(s).Sheet)).ToArray();
        double tokensPerNote = (double)tokens.Length / Math.Max(1, tokens.Count(t => TokenVocabulary.KindOf(t) == TokenKind.Pitch));
        Line("corpus_tokens", tokens.Length.ToString(CultureInfo.InvariantCulture), $"{F(tokensPerNote)} tokens per melody note");

        // Learning: the cost of one token early in the history and after a long one.
        var style = MarkovModels.CreateStyleModel();
        int window = Math.Min(20_000, tokens.Length / 4);
        double early = TimeObserve(style, tokens.AsSpan(0, window));
        for (int i = window; i < tokens.Length - window; i++) style.Observe(tokens[i]);
        double late = TimeObserve(style, tokens.AsSpan(tokens.Length - window, window));
        Line("style_update_ns_per_token_early", F(early * 1e9), $"first {window} tokens");
        Line("style_update_ns_per_token_late", F(late * 1e9), $"after {tokens.Length - window} tokens, {style.NodeCount} contexts");
        Line("style_update_us_per_note", F(late * 1e6 * tokensPerNote), "late cost x tokens per note");

        // Generation with the style model (trained on the corpus above) and with a blend of two Markov models.
        var context = LeadSheetExtractor.Extract(songs[0]).Sheet;
        int start = context.EndStep;
        var prompt = PromptBuilder.Build(context, start, 8);
        var settings = new GenerationSettings { Bars = 64, Mode = GenerationMode.Both };
        foreach (var (name, models) in new[]
                 {
                     ("style", new AnswerModels(style)),
                     ("style_blend", new AnswerModels(style, new MarkovPredictor(style), 0.5f)),
                 })
        {
            var generator = models.Generator;
            long allocated = 0, generated = 0;
            double seconds = 0;
            for (int run = 0; run < 6; run++)
            {
                generator.Begin(prompt, start, 4, 4, settings, new Key(0, false), run);
                long before = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                while (generator.TryNext(out _)) { }
                long t1 = Stopwatch.GetTimestamp();
                long after = GC.GetAllocatedBytesForCurrentThread();
                if (run < 2) continue; // warm-up
                allocated += after - before;
                generated += generator.TokensGenerated;
                seconds += Stopwatch.GetElapsedTime(t0, t1).TotalSeconds;
            }
            Line($"{name}_tokens_per_s", F(generated / seconds), $"{generated} tokens, Both mode");
            Line($"{name}_bytes_per_token", F((double)allocated / generated), "managed bytes allocated per generated token");
        }
        return 0;
    }

    private static double TimeObserve(VariableOrderMarkovModel model, ReadOnlySpan<int> tokens)
    {
        var clock = Stopwatch.StartNew();
        foreach (int t in tokens) model.Observe(t);
        return clock.Elapsed.TotalSeconds / tokens.Length;
    }

    private static List<byte[]> GeneratedCorpus()
    {
        var list = new List<byte[]>();
        var random = new Random(1);
        for (int s = 0; s < 200; s++)
        {
            var song = new MidiSong(480);
            var track = new MidiTrack("Melody");
            long tick = 0;
            for (int n = 0; n < 400; n++) { track.Notes.Add(new MidiNote(random.Next(55, 80), 90, 0, tick, 240)); tick += 240 * random.Next(1, 3); }
            song.Tracks.Add(track);
            list.Add(SmfWriter.Write(MidiSongConverter.ToSmf(song)));
        }
        return list;
    }

    private static string? FindSharedData()
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "shared", "data");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static string F(double v) => v.ToString(v >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture);
    private static void Line(string key, string value, string note = "") => Console.WriteLine($"{key,-36} {value,14}  {note}");
}
