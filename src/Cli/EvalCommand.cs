using System.Globalization;
using System.Text.Json.Nodes;
using AiCoPilot.Engine.Evaluation;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Offline;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Cli;

/// <summary>`aicopilot eval DIR [--split valid] [--model PATH] [--ngram PATH] [--index PATH] [--json]`: the figures of
/// docs/evaluation.md, over the MIDI and MusicXML songs under DIR (with --split, only that split's).</summary>
public static class EvalCommand
{
    public static int Run(string[] args)
    {
        var cmd = new CommandLine(args, new HashSet<string> { "json" });
        if (cmd.Positional.Count != 1) throw new UsageException("eval needs a folder of songs (.mid or MusicXML)");
        string dir = cmd.Positional[0];
        string modelPath = cmd.String("model") ?? DefaultModel();
        string? ngramPath = cmd.String("ngram");
        string? indexPath = cmd.String("index") ?? DefaultBeside(modelPath, "originality.idx");
        float weight = cmd.Float("blend-weight", 0.5f, 0f, 1f);
        int perSong = cmd.Int("continuations", 2, 1, 100);
        int limit = cmd.Int("limit", int.MaxValue, 1, int.MaxValue);
        string? split = cmd.String("split");
        string? learnFrom = cmd.String("learn");
        string? learnSplit = cmd.String("learn-split");
        float libraryWeight = cmd.Float("library-weight", AiCoPilot.Engine.Generation.StyleWithLibrary.DefaultLibraryWeight, 0f, 1f);
        bool json = cmd.Flag("json");
        cmd.RejectUnknown();
        if (!Directory.Exists(dir)) throw new IOException($"folder not found: {dir}");
        var files = SongFiles.Find(dir, split).Take(limit).ToList();
        if (files.Count == 0) throw new IOException($"no songs under {dir}{(split is null ? "" : $" in the {split} split")}");

        NeuralModel? model = null;
        try { model = NeuralModel.Load(modelPath); }
        catch (ModelContractException e) { Console.Error.WriteLine($"aicopilot: no neural model ({e.Message}); style and n-gram only"); }
        var ngram = ngramPath is null ? null : VariableOrderMarkovModel.FromBytes(File.ReadAllBytes(ngramPath), TokenVocabulary.Hash);
        var index = indexPath is not null && File.Exists(indexPath) ? OriginalityIndex.FromBytes(File.ReadAllBytes(indexPath)) : null;

        VariableOrderMarkovModel? library = null;
        if (learnFrom is not null)
        {
            // A library of these files beside each song's style (e.g. the collection's training split: "learn from my files").
            library = MarkovModels.CreateLibraryModel();
            var lesson = new StyleFromFiles(SongFiles.Find(learnFrom, learnSplit)).LearnAll(library);
            Console.Error.WriteLine($"aicopilot: library {lesson.Progress} ({lesson.Tokens} tokens, {library.NodeCount} contexts, {library.UsedBytes / 1024} KiB) from {learnFrom}");
        }
        var evaluator = new ModelEvaluator(model, ngram, index) { BlendWeight = weight, ContinuationsPerSong = perSong, Library = library, LibraryWeight = libraryWeight };
        var report = evaluator.Run(files, json ? null : line => Console.Error.Write($"\r{line,-60}"));
        if (!json) Console.Error.WriteLine();
        model?.Dispose();
        Console.WriteLine(json ? ToJson(report) : ToText(report));
        return 0;
    }

    internal static string DefaultModel()
    {
        foreach (var candidate in new[] { Path.Combine(AppContext.BaseDirectory, "..", "..", "models", "aicopilot.onnx"), Path.Combine("models", "aicopilot.onnx") })
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        return Path.Combine("models", "aicopilot.onnx");
    }

    internal static string? DefaultBeside(string modelPath, string name)
    {
        string path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".", name);
        return File.Exists(path) ? path : null;
    }

    private static JsonNode? Number(double? v) => v is { } x && double.IsFinite(x) ? JsonValue.Create(Math.Round(x, 4)) : null;

    public static string ToJson(EvaluationReport r) => new JsonObject
    {
        ["files"] = r.Files,
        ["tokens"] = r.Tokens,
        ["bits_per_token"] = new JsonObject { ["neural"] = Number(r.Neural), ["ngram"] = Number(r.NGram), ["style"] = Number(r.Style), ["blend"] = Number(r.Blend) },
        ["blend_weight"] = r.BlendWeight,
        ["in_key_ratio"] = Number(r.InKeyRatio),
        ["pitch_class_overlap"] = Number(r.PitchClassOverlap),
        ["groove_similarity"] = Number(r.GrooveSimilarity),
        ["wide_leap_rate"] = Number(r.WideLeapRate),
        ["reference_wide_leap_rate"] = Number(r.ReferenceWideLeapRate),
        ["outside_range_rate"] = Number(r.OutsideRangeRate),
        ["reference_outside_range_rate"] = Number(r.ReferenceOutsideRangeRate),
        ["copy_rate_guard_off"] = Number(r.CopyRateGuardOff),
        ["copy_rate_guard_on"] = Number(r.CopyRateGuardOn),
        ["continuations"] = r.Continuations,
        ["tokens_per_second"] = Number(r.TokensPerSecond),
        ["generated_tokens"] = r.GeneratedTokens,
        ["first_token_ms"] = Number(r.FirstTokenMs),
        ["continuation_ms"] = Number(r.ContinuationMs),
    }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    private static string ToText(EvaluationReport r)
    {
        string f(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("F3", CultureInfo.InvariantCulture) : "-";
        return $"files {r.Files}, tokens {r.Tokens}\n" +
               $"bits per token (second halves): neural {f(r.Neural)}, n-gram {f(r.NGram)}, style {f(r.Style)}, blend {f(r.Blend)} (weight {r.BlendWeight})\n" +
               $"continuations {r.Continuations}: in key {f(r.InKeyRatio)}, pitch-class overlap {f(r.PitchClassOverlap)}, groove {f(r.GrooveSimilarity)}\n" +
               $"leaps over 9 semitones {f(r.WideLeapRate)} (the songs: {f(r.ReferenceWideLeapRate)}), notes outside the prompt's range {f(r.OutsideRangeRate)} (the songs: {f(r.ReferenceOutsideRangeRate)})\n" +
               $"copy rate: guard off {f(r.CopyRateGuardOff)}, guard on {f(r.CopyRateGuardOn)}\n" +
               $"speed: {r.TokensPerSecond:F0} tokens/s, first note after {r.FirstTokenMs:F2} ms, whole continuation {r.ContinuationMs:F1} ms";
    }
}
