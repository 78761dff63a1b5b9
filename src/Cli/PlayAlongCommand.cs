using System.Globalization;
using System.Text.Json.Nodes;
using AiCoPilot.Engine.Evaluation;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Cli;

/// <summary>`aicopilot playalong DIR [--model PATH] [--ngram PATH] [--limit N] [--json]`: the play-along figures of
/// docs/evaluation.md (each melody played into a live session; the model against the n-gram and "repeat the last chord").</summary>
public static class PlayAlongCommand
{
    public static int Run(string[] args)
    {
        var cmd = new CommandLine(args, new HashSet<string> { "json" });
        if (cmd.Positional.Count != 1) throw new UsageException("playalong needs a folder of .mid files");
        string dir = cmd.Positional[0];
        string modelPath = cmd.String("model") ?? Path.Combine(AppContext.BaseDirectory, "..", "..", "models", "aicopilot.onnx");
        string? ngramPath = cmd.String("ngram");
        int limit = cmd.Int("limit", int.MaxValue, 1, int.MaxValue);
        bool json = cmd.Flag("json");
        cmd.RejectUnknown();
        if (!Directory.Exists(dir)) throw new IOException($"folder not found: {dir}");
        var files = Directory.EnumerateFiles(dir, "*.mid", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).Take(limit).ToList();
        if (files.Count == 0) throw new IOException($"no .mid files under {dir}");

        using var model = NeuralModel.Load(modelPath);
        using var neural = new NeuralPredictor(model);
        var systems = new List<(string, Func<ITokenPredictor?>)> { ("model", () => neural), ("repeat the last chord", () => null) };
        if (ngramPath is not null)
        {
            var ngram = VariableOrderMarkovModel.FromBytes(File.ReadAllBytes(ngramPath), TokenVocabulary.Hash);
            systems.Add(("corpus n-gram", () => new MarkovPredictor(ngram)));
        }
        var report = new PlayAlongEvaluator(systems).Run(files, json ? null : line => Console.Error.Write($"\r{line,-40}"));
        if (!json) Console.Error.WriteLine();
        Console.WriteLine(json ? ToJson(report) : ToText(report));
        return 0;
    }

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 4)) : null;

    private static JsonObject Figures(PlayAlongEvaluator.SystemFigures f) => new()
    {
        ["downbeats"] = f.Downbeats, ["downbeat_coverage"] = Number(f.Coverage), ["note_in_chord"] = Number(f.NoteInChord),
        ["distinct_chords_per_song"] = Number(f.DistinctChordsPerSong), ["chord_accuracy"] = Number(f.ChordAccuracy),
        ["lead_beats_p1"] = Number(f.LeadBeatsP1), ["lead_beats_p50"] = Number(f.LeadBeatsP50),
    };

    public static string ToJson(PlayAlongEvaluator.Report r)
    {
        var systems = new JsonObject();
        foreach (var s in r.Systems) systems[s.Name] = Figures(s);
        return new JsonObject { ["songs"] = r.Songs, ["arrangement"] = Figures(r.Arrangement), ["systems"] = systems }
            .ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    public static string ToText(PlayAlongEvaluator.Report r)
    {
        var lines = new List<string> { $"{r.Songs} songs, from bar 3; lead = beats between a chord's decision and its start",
            $"{"",-24} {"coverage",9} {"in chord",9} {"chords/song",12} {"accuracy",9} {"lead p1",8} {"lead p50",9}" };
        foreach (var f in r.Systems.Prepend(r.Arrangement))
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{f.Name,-24} {f.Coverage,9:P1} {f.NoteInChord,9:P1} {f.DistinctChordsPerSong,12:F1} {f.ChordAccuracy,9:P1} {f.LeadBeatsP1,8:F3} {f.LeadBeatsP50,9:F3}"));
        return string.Join('\n', lines);
    }
}
