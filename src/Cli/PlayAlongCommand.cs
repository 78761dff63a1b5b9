using System.Globalization;
using System.Text.Json.Nodes;
using AiCoPilot.Engine.Evaluation;
using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Cli;

/// <summary>`aicopilot playalong DIR [--model PATH] [--ngram PATH] [--limit N] [--stop-after BEATS] [--songs] [--json]`:
/// the play-along figures of docs/evaluation.md (each melody played into a live session; the model against the n-gram
/// and "repeat the last chord"), with each song's coverage (`--songs` lists them). `--stop-after` sets "Play along
/// stops after" (beats; 1.5 plays as play-along did before it had its own silence: it stopped with the phrase).
/// `--answers [--meters 1/4,2/4,...]` measures the live session's melody answers in each meter instead (docs/evaluation.md,
/// "Short bars": 32 beats of each melody played in, the plug-in's answer settings, the model and the originality index
/// beside it).</summary>
public static class PlayAlongCommand
{
    public static int Run(string[] args)
    {
        var cmd = new CommandLine(args, new HashSet<string> { "json", "songs", "answers" });
        if (cmd.Positional.Count != 1) throw new UsageException("playalong needs a folder of .mid files");
        string dir = cmd.Positional[0];
        string modelPath = cmd.String("model") ?? Path.Combine(AppContext.BaseDirectory, "..", "..", "models", "aicopilot.onnx");
        string? ngramPath = cmd.String("ngram");
        int limit = cmd.Int("limit", int.MaxValue, 1, int.MaxValue);
        bool json = cmd.Flag("json");
        bool songs = cmd.Flag("songs");
        double stopAfter = cmd.Float("stop-after", (float)ParameterTable.StopAfter.Default, (float)ParameterTable.StopAfter.Min, (float)ParameterTable.StopAfter.Max);
        bool answers = cmd.Flag("answers");
        var meters = Meters(cmd.String("meters") ?? "1/4,2/4,3/4,4/4,5/4,6/8,7/8,12/8");
        cmd.RejectUnknown();
        if (!Directory.Exists(dir)) throw new IOException($"folder not found: {dir}");
        var files = Directory.EnumerateFiles(dir, "*.mid", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).Take(limit).ToList();
        if (files.Count == 0) throw new IOException($"no .mid files under {dir}");

        using var model = NeuralModel.Load(modelPath);
        if (answers)
        {
            string indexPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".", "originality.idx");
            var guard = File.Exists(indexPath) ? OriginalityIndex.FromBytes(File.ReadAllBytes(indexPath)) : null;
            var figures = new MeterAnswersEvaluator(() => new NeuralPredictor(model), guard)
                .Run(files, meters, json ? null : line => Console.Error.WriteLine(line));
            Console.WriteLine(json ? MetersToJson(figures) : MetersToText(figures, guard is not null));
            return 0;
        }
        using var neural = new NeuralPredictor(model);
        var systems = new List<(string, Func<ITokenPredictor?>)> { ("model", () => neural), ("repeat the last chord", () => null) };
        if (ngramPath is not null)
        {
            var ngram = VariableOrderMarkovModel.FromBytes(File.ReadAllBytes(ngramPath), TokenVocabulary.Hash);
            systems.Add(("corpus n-gram", () => new MarkovPredictor(ngram)));
        }
        var defaults = PlayAlongEvaluator.DefaultSettings;
        var evaluator = new PlayAlongEvaluator(systems) { Settings = defaults with { PlayAlong = defaults.PlayAlong with { StopAfter = stopAfter } } };
        var report = evaluator.Run(files, json ? null : line => Console.Error.Write($"\r{line,-40}"));
        if (!json) Console.Error.WriteLine();
        Console.WriteLine(json ? ToJson(report, dir) : ToText(report, songs ? dir : null));
        return 0;
    }

    private static List<(int, int)> Meters(string list)
    {
        var meters = new List<(int, int)>();
        foreach (string item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split('/');
            if (parts.Length != 2 || !int.TryParse(parts[0], out int n) || !int.TryParse(parts[1], out int d) || n is < 1 or > 32 || d is not (1 or 2 or 4 or 8 or 16))
                throw new UsageException($"--meters: '{item}' is not a time signature such as 3/4 or 7/8");
            meters.Add((n, d));
        }
        if (meters.Count == 0) throw new UsageException("--meters needs at least one time signature");
        return meters;
    }

    public static string MetersToJson(IReadOnlyList<MeterAnswersEvaluator.MeterFigures> figures)
    {
        var meters = new JsonObject();
        foreach (var f in figures)
            meters[f.Meter] = new JsonObject
            {
                ["answers"] = f.Answers, ["notes"] = f.Notes, ["notes_per_beat"] = Number(f.NotesPerBeat), ["phrase_notes_per_beat"] = Number(f.PhraseNotesPerBeat),
                ["note_ons_together"] = f.NotesTogether, ["outside_their_bars"] = f.OutsideBars, ["off_grid"] = f.OffGrid,
                ["in_key"] = Number(f.InKey), ["wide_leaps"] = Number(f.WideLeaps), ["outside_range"] = Number(f.OutsideRange),
            };
        return new JsonObject { ["meters"] = meters }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    public static string MetersToText(IReadOnlyList<MeterAnswersEvaluator.MeterFigures> figures, bool guard)
    {
        var lines = new List<string>
        {
            $"melody answers to 32 beats of each melody, the plug-in's defaults{(guard ? ", originality guard on" : ", no originality index found")}; together = note-ons sharing an instant with another",
            $"{"meter",-6} {"answers",8} {"notes",6} {"per beat",9} {"(phrase)",9} {"together",9} {"outside bars",13} {"off grid",9} {"in key",7} {"leaps>9",8} {"out range",10}",
        };
        foreach (var f in figures)
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{f.Meter,-6} {f.Answers,8} {f.Notes,6} {f.NotesPerBeat,9:F2} {f.PhraseNotesPerBeat,9:F2} {f.NotesTogether,9} {f.OutsideBars,13} {f.OffGrid,9} {f.InKey,7:P1} {f.WideLeaps,8:P1} {f.OutsideRange,10:P1}"));
        return string.Join('\n', lines);
    }

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 4)) : null;

    private static JsonObject Figures(PlayAlongEvaluator.SystemFigures f, string dir)
    {
        var songs = new JsonArray();
        foreach (var s in f.Songs)
            songs.Add(new JsonObject
            {
                ["file"] = Path.GetRelativePath(dir, s.File), ["downbeats"] = s.Downbeats, ["downbeat_coverage"] = Number(s.Coverage),
                ["breath_coverage"] = Number(s.BreathCoverage), ["note_in_chord"] = Number(s.NoteInChord), ["rests"] = s.Rests,
                ["downbeats_after_interludes"] = s.DownbeatsAfterInterludes,
            });
        return new JsonObject
        {
            ["downbeats"] = f.Downbeats, ["downbeat_coverage"] = Number(f.Coverage), ["note_in_chord"] = Number(f.NoteInChord),
            ["distinct_chords_per_song"] = Number(f.DistinctChordsPerSong), ["chord_accuracy"] = Number(f.ChordAccuracy),
            ["lead_beats_p1"] = Number(f.LeadBeatsP1), ["lead_beats_p50"] = Number(f.LeadBeatsP50),
            ["breath_coverage"] = Number(f.BreathCoverage), ["min_song_coverage"] = Number(f.MinSongCoverage),
            ["min_song_breath_coverage"] = Number(f.MinSongBreathCoverage), ["songs_below_target"] = f.SongsBelowTarget,
            ["songs_with_rests"] = f.SongsWithRests, ["per_song"] = songs,
        };
    }

    public static string ToJson(PlayAlongEvaluator.Report r, string dir = ".")
    {
        var systems = new JsonObject();
        foreach (var s in r.Systems) systems[s.Name] = Figures(s, dir);
        return new JsonObject
        {
            ["songs"] = r.Songs, ["song_coverage_target"] = PlayAlongEvaluator.SongCoverageTarget,
            ["arrangement"] = Figures(r.Arrangement, dir), ["systems"] = systems,
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <param name="songsOf">When given, each system's songs are listed too (file names relative to this folder).</param>
    public static string ToText(PlayAlongEvaluator.Report r, string? songsOf = null)
    {
        var lines = new List<string>
        {
            $"{r.Songs} songs, from bar 3; lead = beats between a chord's decision and its start; breaths = downbeats covered but for " +
            string.Create(CultureInfo.InvariantCulture, $"those after a rest of {PlayAlongMetrics.InterludeBeats} beats or more; worst = the lowest song's; below = songs under {PlayAlongEvaluator.SongCoverageTarget:P0} through the breaths"),
            $"{"",-24} {"coverage",9} {"breaths",8} {"in chord",9} {"chords/song",12} {"accuracy",9} {"lead p1",8} {"lead p50",9} {"worst",7} {"worst br.",10} {"below",6}",
        };
        foreach (var f in r.Systems.Prepend(r.Arrangement))
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{f.Name,-24} {f.Coverage,9:P1} {f.BreathCoverage,8:P1} {f.NoteInChord,9:P1} {f.DistinctChordsPerSong,12:F1} {f.ChordAccuracy,9:P1} {f.LeadBeatsP1,8:F3} {f.LeadBeatsP50,9:F3} {f.MinSongCoverage,7:P1} {f.MinSongBreathCoverage,10:P1} {f.SongsBelowTarget,6}"));
        if (songsOf is not null)
            foreach (var f in r.Systems.Prepend(r.Arrangement))
            {
                lines.Add($"{f.Name}: per song (downbeats, coverage, through the breaths, in chord, rests, downbeats after interludes)");
                foreach (var s in f.Songs)
                    lines.Add(string.Create(CultureInfo.InvariantCulture,
                        $"  {Path.GetRelativePath(songsOf, s.File),-40} {s.Downbeats,5} {s.Coverage,8:P1} {s.BreathCoverage,8:P1} {s.NoteInChord,8:P1} {s.Rests,4} {s.DownbeatsAfterInterludes,4}"));
            }
        return string.Join('\n', lines);
    }
}
