using System.Globalization;
using System.Text.Json.Nodes;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Offline;
using AiCoPilot.Engine.Taste;

namespace AiCoPilot.Cli;

/// <summary>
/// `aicopilot taste DIR --prefer FEATURE[+|-][,...] [--rounds 30] [--out FOLDER] [--split valid] [--model PATH]
/// [--index PATH] [--json]`: a simulated musician with a hidden taste picks one of the takes shown for each phrase of
/// the validation melodies, in the plug-in's live session, with the taste learning and without (docs/evaluation.md,
/// "Taste"); `aicopilot taste --recompute FOLDER --prefer FEATURE[+|-]` recomputes the figure from a run's files, and
/// `aicopilot taste --spread FOLDER` says how much each figure differs between the takes of a run's rounds.
/// </summary>
public static class TasteCommand
{
    public static int Run(string[] args)
    {
        var cmd = new CommandLine(args, new HashSet<string> { "json" });
        if (cmd.String("spread") is { } spread)
        {
            // How much each figure differs between takes shown together: what TasteFeatures.Scale was set from.
            cmd.RejectUnknown();
            var (pairs, figures) = TasteRoundFiles.Spread(spread);
            Console.WriteLine($"{pairs} pairs of takes shown together; mean difference of each figure:");
            for (int k = 0; k < TasteFeatures.Likelihood; k++)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {TasteFeatures.Names[k],-12} {figures[k],7:F3}   (scale {TasteFeatures.Scale[k]:F3}: {TasteFeatures.Meanings[k]})"));
            return 0;
        }
        string prefer = cmd.String("prefer") ?? throw new UsageException("taste needs --prefer FEATURE+ or FEATURE- (" +
            string.Join(", ", TasteFeatures.Names.Take(TasteFeatures.Likelihood)) + ")");
        List<HiddenTaste> tastes;
        try { tastes = prefer.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(HiddenTaste.Parse).ToList(); }
        catch (ArgumentException e) { throw new UsageException("--prefer: " + e.Message); }
        if (tastes.Count == 0) throw new UsageException("--prefer names no figure");
        if (cmd.String("recompute") is { } recompute)
        {
            cmd.RejectUnknown();
            if (cmd.Positional.Count != 0 || tastes.Count != 1) throw new UsageException("--recompute FOLDER takes one --prefer and no song folder");
            if (!Directory.Exists(recompute)) throw new IOException($"folder not found: {recompute}");
            var f = TasteRoundFiles.Recompute(recompute, tastes[0]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{tastes[0]}: {f.Rounds} rounds, {f.Takes} takes shown, {f.Matching} match ({f.MatchShare:F3}), picked takes matching {f.PickedMatching}"));
            return 0;
        }
        if (cmd.Positional.Count != 1) throw new UsageException("taste needs a folder of songs");
        string dir = cmd.Positional[0];
        string modelPath = cmd.String("model") ?? EvalCommand.DefaultModel();
        string? indexPath = cmd.String("index") ?? EvalCommand.DefaultBeside(modelPath, "originality.idx");
        int rounds = cmd.Int("rounds", 30, 1, 1000);
        string? split = cmd.String("split");
        string? output = cmd.String("output") ?? cmd.String("out");
        bool json = cmd.Flag("json");
        cmd.RejectUnknown();
        if (!Directory.Exists(dir)) throw new IOException($"folder not found: {dir}");
        var files = SongFiles.Find(dir, split);
        var phrases = TasteSimulation.Phrases(files.Select(f => SongFiles.Read(f, out _).Sheet), rounds);
        if (phrases.Count == 0) throw new IOException($"no phrases of 4 bars with 8 notes under {dir}");

        NeuralModel? model = null;
        ITokenPredictor? predictor = null;
        try { model = NeuralModel.Load(modelPath); predictor = new NeuralPredictor(model); }
        catch (ModelContractException e) { Console.Error.WriteLine($"aicopilot: style model only: {e.Message}"); }
        catch (FileNotFoundException) { Console.Error.WriteLine($"aicopilot: style model only: no model at {modelPath}"); }
        var guard = indexPath is not null && File.Exists(indexPath) ? OriginalityIndex.FromBytes(File.ReadAllBytes(indexPath)) : null;
        var simulation = new TasteSimulation(predictor, guard) { Rounds = rounds };
        var results = new List<(TasteSimulation.Run Off, TasteSimulation.Run On)>();
        foreach (var taste in tastes)
        {
            string? Folder(string run) => output is null ? null : Path.Combine(output, taste.ToString(), run);
            void Progress(string line) { if (!json) Console.Error.Write($"\r{line,-60}"); }
            var off = simulation.Play(phrases, taste, learning: false, Folder("learning-off"), Progress);
            var on = simulation.Play(phrases, taste, learning: true, Folder("learning-on"), Progress);
            results.Add((off, on));
        }
        if (!json) Console.Error.WriteLine();
        (predictor as IDisposable)?.Dispose();
        model?.Dispose();
        Console.WriteLine(json ? ToJson(results, predictor is not null) : ToText(results, predictor is not null, output));
        return 0;
    }

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 4)) : null;

    private static JsonObject Figures(TasteSimulation.Run r) => new()
    {
        ["rounds"] = r.Rounds.Count, ["takes"] = r.Takes, ["match_share"] = Number(r.MatchShare),
        ["match_share_after_10_rounds"] = Number(r.LaterMatchShare), ["match_share_takes_after_the_first"] = Number(r.ChosenMatchShare),
        ["picked_match_share"] = Number(r.PickedMatchShare), ["mean_distance"] = Number(r.MeanDistance), ["in_key"] = Number(r.InKey),
        ["learned"] = r.Learned, ["comparisons"] = r.Comparisons,
    };

    public static string ToJson(IReadOnlyList<(TasteSimulation.Run Off, TasteSimulation.Run On)> results, bool neural)
    {
        var tastes = new JsonArray();
        foreach (var (off, on) in results)
            tastes.Add((JsonNode)new JsonObject { ["taste"] = off.Taste.ToString(), ["learning_off"] = Figures(off), ["learning_on"] = Figures(on) });
        return new JsonObject { ["model"] = neural ? "neural" : "style only", ["tastes"] = tastes }
            .ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    public static string ToText(IReadOnlyList<(TasteSimulation.Run Off, TasteSimulation.Run On)> results, bool neural, string? output)
    {
        var lines = new List<string>
        {
            $"a simulated musician picks one take a phrase ({(neural ? "neural model" : "style model only")}); a take matches when its figure lies on the taste's side of the phrase's",
            $"{"taste",-14} {"learning",-8} {"match",6} {"after 10",8} {"takes 2+",8} {"picked",7} {"distance",8} {"in key",7}  learned",
        };
        foreach (var (off, on) in results)
            foreach (var r in new[] { off, on })
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Taste,-14} {(r.Learning ? "on" : "off"),-8} {r.MatchShare,6:F3} {r.LaterMatchShare,8:F3} {r.ChosenMatchShare,8:F3} {r.PickedMatchShare,7:F3} {r.MeanDistance,8:F3} {r.InKey,7:F3}  {(r.Learning ? (r.Learned.Length == 0 ? "(nothing sure)" : r.Learned) : "")}"));
        if (output is not null)
            lines.Add($"files: {output}/TASTE/learning-off|learning-on/round-NN/ (phrase.mid, take-N.mid, picked.mid); recompute: aicopilot taste --recompute FOLDER --prefer TASTE");
        return string.Join('\n', lines);
    }
}
