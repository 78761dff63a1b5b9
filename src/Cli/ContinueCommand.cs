using AiCoPilot.Engine;
using AiCoPilot.Engine.Live;
using System.Globalization;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Offline;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Cli;

/// <summary>`aicopilot continue`: continues a .mid file and writes the input plus one track per variation.</summary>
public static class ContinueCommand
{
    public static int Run(string[] args)
    {
        var cmd = new CommandLine(args, new HashSet<string> { "key-lock" });
        if (cmd.Positional.Count != 1) throw new UsageException("continue needs exactly one input file: aicopilot continue IN.mid -o OUT.mid");
        string input = cmd.Positional[0];
        string output = cmd.String("output") ?? throw new UsageException("continue needs -o OUT.mid");
        string modeText = cmd.String("mode") ?? "melody";
        var mode = modeText switch
        {
            "melody" => GenerationMode.Melody,
            "harmony" => GenerationMode.Harmony,
            "both" => GenerationMode.Both,
            _ => throw new UsageException($"--mode must be melody, harmony or both, got '{modeText}'"),
        };
        // The plug-in's parameters, in the plug-in's units and with its defaults (the one parameter table), turned
        // into the generator's controls by the plug-in's own mapping.
        var answer = new AnswerSettings
        {
            Mode = mode,
            Bars = cmd.Int("bars", (int)ParameterTable.Bars.Default, (int)ParameterTable.Bars.Min, (int)ParameterTable.Bars.Max),
            Variations = cmd.Int("variations", (int)ParameterTable.Variations.Default, (int)ParameterTable.Variations.Min, (int)ParameterTable.Variations.Max),
            Temperature = InPluginUnits(cmd, ParameterTable.Temperature, "temperature"),
            Density = InPluginUnits(cmd, ParameterTable.Density, "density") / 100.0,
            KeyLock = cmd.Flag("key-lock"),
            Adaptation = InPluginUnits(cmd, ParameterTable.Adaptation, "adaptation") / 100.0,
        };
        var settings = answer.ToGeneration((ulong)cmd.Int("seed", 1, 0, int.MaxValue)) with { TopP = cmd.Float("top-p", 0.95f, 0.01f, 1f) };
        string? ngramPath = cmd.String("ngram");
        string modelPath = cmd.String("model") ?? EvalCommand.DefaultModel();
        string? indexPath = cmd.String("index") ?? EvalCommand.DefaultBeside(modelPath, "originality.idx");
        string? learnFrom = cmd.String("learn");
        cmd.RejectUnknown();
        if (!File.Exists(input)) throw new IOException($"input file not found: {input}");

        var song = MidiSong.Load(input);  // a damaged file is refused before anything is loaded
        foreach (string warning in song.ReadWarnings) Console.Error.WriteLine($"aicopilot: warning: {input}: {warning}");
        // The base model the style is blended with, as in the plug-in: the neural model (or, asked for, the corpus
        // n-gram); without one, the style alone, said on stderr as the plug-in says it in its log.
        ITokenPredictor? baseModel = null;
        NeuralModel? neural = null;
        if (ngramPath is not null)
            baseModel = new MarkovPredictor(VariableOrderMarkovModel.FromBytes(File.ReadAllBytes(ngramPath), TokenVocabulary.Hash));
        else
        {
            try { neural = NeuralModel.Load(modelPath); baseModel = new NeuralPredictor(neural); }
            catch (ModelContractException e) { Console.Error.WriteLine($"aicopilot: style model only: {e.Message}"); }
        }
        var guard = indexPath is not null && File.Exists(indexPath) ? OriginalityIndex.FromBytes(File.ReadAllBytes(indexPath)) : null;
        VariableOrderMarkovModel? learned = null;
        if (learnFrom is not null)
        {
            // The musician's own files first: one line for each that cannot be read, the others learned.
            learned = MarkovModels.CreateLibraryModel();
            var lesson = new StyleFromFiles(new[] { learnFrom }).LearnAll(learned);
            foreach (string problem in lesson.Problems) Console.Error.WriteLine($"aicopilot: not learned: {problem}");
            Console.WriteLine($"your files: {lesson.Progress} ({lesson.Tokens} tokens) from {learnFrom}");
        }
        var result = OfflineContinuation.Continue(song, input, settings, baseModel, (float)answer.Adaptation, learned, guard);
        (baseModel as IDisposable)?.Dispose();
        neural?.Dispose();
        result.Song.Save(output);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"key: {result.Key} (confidence {result.KeyConfidence:F2}); melody: {result.MelodySource}; chords: {result.ChordSource}"));
        foreach (var (take, shown) in result.Takes.Select((t, i) => (t, i)))
        {
            int chordNotes = take.Notes.Count(n => n.FromChord);
            var figures = result.Figures[shown];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"take {shown + 1}: {take.Notes.Count - chordNotes} melody notes, {chordNotes} chord notes, {take.TokenCount} tokens, candidate {take.Variation + 1} of the pool, {take.MeanLogProbability:F2} nats per token; {figures.NearestOther:F2} apart, {figures.FromPhrase:F2} new{(result.Echoes[shown] ? "; replays 8 notes of your music" : "")}"));
        }
        var (mean, smallest) = result.Spread;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"between takes: mean distance {mean:F3}, smallest {smallest:F3}; {result.Echoes.Count(e => e)} of {result.Takes.Count} replay 8 notes of your music"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {output} ({result.Takes.Count} takes chosen from {result.PoolSize} candidates, {settings.Bars} bars each, {result.SecondsPerToken * 1e6:F1} us per token, {(baseModel is null ? "style model only" : ngramPath is null ? "neural model" : "n-gram")})"));
        return 0;
    }

    // A continuous parameter read in the plug-in's own unit (percent for density and adaptation), within its range.
    private static float InPluginUnits(CommandLine cmd, ParameterEntry entry, string option) =>
        cmd.Float(option, (float)entry.Default, (float)entry.Min, (float)entry.Max);
}
