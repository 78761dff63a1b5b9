using System.Globalization;
using AiCoPilot.Engine.Evaluation;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;

namespace AiCoPilot.Cli;

/// <summary>`aicopilot trade DIR [--bars 4] [--exchanges 4] [--model PATH] [--index PATH] [--limit N]`: trading bars on
/// the melodies under DIR (docs/evaluation.md, "Trading bars"). With `--write-turns FOLDER` it only writes each
/// melody's player's turns as a .mid for a host to play (bench/trade_host.sh) and prints each file with its bar length
/// in quarters.</summary>
public static class TradeCommand
{
    public static int Run(string[] args)
    {
        var cmd = new CommandLine(args, new HashSet<string>());
        if (cmd.Positional.Count != 1) throw new UsageException("trade needs a folder of songs (.mid or MusicXML)");
        string dir = cmd.Positional[0];
        int bars = cmd.Int("bars", 4, 1, 8);
        if (bars is not (1 or 2 or 4 or 8)) throw new UsageException("--bars must be 1, 2, 4 or 8 (the Trade parameter's lengths)");
        int exchanges = cmd.Int("exchanges", 4, 1, 64);
        string modelPath = cmd.String("model") ?? EvalCommand.DefaultModel();
        string? indexPath = cmd.String("index") ?? EvalCommand.DefaultBeside(modelPath, "originality.idx");
        int limit = cmd.Int("limit", int.MaxValue, 1, int.MaxValue);
        string? writeTurns = cmd.String("write-turns");
        cmd.RejectUnknown();
        if (!Directory.Exists(dir)) throw new IOException($"folder not found: {dir}");
        var files = AiCoPilot.Engine.Offline.SongFiles.Find(dir).Take(limit).ToList();
        if (writeTurns is not null)
        {
            // Only the player's turns as .mid files (for aicp-host: bench/trade_host.sh), one line each: path, bar length.
            foreach (var (path, barQuarters) in new TradeEvaluator(null, null) { Bars = bars, Exchanges = exchanges }.WriteTurns(files, writeTurns))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path}\t{barQuarters}"));
            return 0;
        }
        using var model = NeuralModel.Load(modelPath);
        using var neural = new NeuralPredictor(model);
        var guard = indexPath is not null && File.Exists(indexPath) ? OriginalityIndex.FromBytes(File.ReadAllBytes(indexPath)) : null;
        var r = new TradeEvaluator(neural, guard) { Bars = bars, Exchanges = exchanges }.Run(files, line => Console.Error.Write($"\r{line,-40}"));
        Console.Error.WriteLine();
        string Answers(string name, TradeEvaluator.AnswerFigures f) => string.Create(CultureInfo.InvariantCulture,
            $"{name,-20} {f.Answers,8} {f.NotesPerAnswer,8:F1} {f.RangeSemitones,8:F1} {f.InKey,8:F3} {f.Echo,8:P1}");
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{r.Songs} songs, turns of {bars} bars, {r.Turns} answered turns of the co-pilot"));
        Console.WriteLine(string.Create(c, $"first note on its downbeat (within a sixteenth): {r.OpensOnDownbeat:P1}; mean rest before it {r.MeanRestBeats:F2} beats; notes before the downbeat {r.EarlyNotes}; answer notes in the player's turns {r.NotesInPlayersTurns}"));
        Console.WriteLine(string.Create(c, $"answers decided late {r.LateAnswers}; decided ahead of the downbeat: p1 {r.LeadMsP1:F0} ms, p50 {r.LeadMsP50:F0} ms, least {r.LeadMsMin:F0} ms"));
        Console.WriteLine(string.Create(c, $"{"",-20} {"answers",8} {"notes",8} {"range",8} {"in key",8} {"echo",8}"));
        Console.WriteLine(Answers("trading", r.Trading));
        Console.WriteLine(Answers("after a silence", r.AfterSilence));
        return 0;
    }
}
