using System.Globalization;
using System.Text.Json.Nodes;
using AiCoPilot.Engine.Evaluation;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Offline;

namespace AiCoPilot.Cli;

/// <summary>`aicopilot takes DIR [--split valid] [--model PATH] [--index PATH] [--limit N] [--json]`: how different the
/// takes of an answer are and how often they echo the prompt, with the pool and echo steering and without
/// (docs/evaluation.md, "The takes of an answer").</summary>
public static class TakesCommand
{
    public static int Run(string[] args)
    {
        var cmd = new CommandLine(args, new HashSet<string> { "json" });
        if (cmd.Positional.Count != 1) throw new UsageException("takes needs a folder of songs");
        string dir = cmd.Positional[0];
        string modelPath = cmd.String("model") ?? EvalCommand.DefaultModel();
        string? indexPath = cmd.String("index") ?? EvalCommand.DefaultBeside(modelPath, "originality.idx");
        int limit = cmd.Int("limit", int.MaxValue, 1, int.MaxValue);
        int variations = cmd.Int("variations", 3, 2, GenerationSettings.MaxVariations);
        string? split = cmd.String("split");
        bool json = cmd.Flag("json");
        cmd.RejectUnknown();
        if (!Directory.Exists(dir)) throw new IOException($"folder not found: {dir}");
        var files = SongFiles.Find(dir, split).Take(limit).ToList();
        if (files.Count == 0) throw new IOException($"no songs under {dir}{(split is null ? "" : $" in the {split} split")}");

        using var model = NeuralModel.Load(modelPath);
        var index = indexPath is not null && File.Exists(indexPath) ? OriginalityIndex.FromBytes(File.ReadAllBytes(indexPath)) : null;
        var systems = new List<(string, GenerationSettings, bool)>
        {
            ("takes as written (no pool, no echo steering)", new GenerationSettings { CandidatesPerTake = 1, EchoWeight = 1 }, false),
            ("echo steering only", new GenerationSettings { CandidatesPerTake = 1 }, false),
            ("pool only", new GenerationSettings { EchoWeight = 1 }, true),
            ("pool and echo steering (default)", new GenerationSettings(), true),
            ("the same, pool written one by one", new GenerationSettings(), false),
            ("pool, echoes masked", new GenerationSettings { EchoWeight = 0 }, true),
        };
        var report = new TakesEvaluator(model, index) { Variations = variations }
            .Run(files, systems, json ? null : line => Console.Error.Write($"\r{line,-60}"));
        if (!json) Console.Error.WriteLine();
        Console.WriteLine(json ? ToJson(report) : ToText(report));
        return 0;
    }

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 4)) : null;

    public static string ToJson(TakesEvaluator.Report r)
    {
        var systems = new JsonArray();
        foreach (var f in r.Systems)
            systems.Add((JsonNode)new JsonObject
            {
                ["name"] = f.Name, ["answers"] = f.Answers, ["takes"] = f.Takes,
                ["mean_pairwise_pitch_distance"] = Number(f.MeanPairwisePitchDistance), ["pairs_below_0_2"] = Number(f.PairsBelow02),
                ["mean_closest_pair_pitch_distance"] = Number(f.MeanClosestPairPitchDistance),
                ["mean_pairwise_move_distance"] = Number(f.MeanPairwiseMoveDistance), ["echo_rate"] = Number(f.EchoRate),
                ["answers_all_echo"] = Number(f.AnswersAllEcho), ["in_key"] = Number(f.InKey), ["wide_leaps"] = Number(f.WideLeaps),
                ["outside_range"] = Number(f.OutsideRange), ["answer_ms"] = Number(f.MeanAnswerMs), ["tokens_per_answer"] = Number(f.TokensPerAnswer),
            });
        return new JsonObject { ["songs"] = r.Songs, ["song_echo_rate"] = Number(r.SongEchoRate), ["systems"] = systems }
            .ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    public static string ToText(TakesEvaluator.Report r)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{r.Songs} songs; the songs' own next bars echo the prompt in {r.SongEchoRate:P0}"),
            $"{"",-46} {"pitch dist",10} {"pairs<0.2",9} {"closest",8} {"echo",6} {"all echo",8} {"in key",7} {"leaps",6} {"outside",7} {"ms",6}",
        };
        foreach (var f in r.Systems)
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{f.Name,-46} {f.MeanPairwisePitchDistance,10:F3} {f.PairsBelow02,9:P1} {f.MeanClosestPairPitchDistance,8:F3} {f.EchoRate,6:P0} {f.AnswersAllEcho,8:P0} {f.InKey,7:F3} {f.WideLeaps,6:P1} {f.OutsideRange,7:P1} {f.MeanAnswerMs,6:F0}"));
        return string.Join('\n', lines);
    }
}
