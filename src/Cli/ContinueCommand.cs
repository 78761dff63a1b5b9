using AiCoPilot.Engine.Live;
using System.Globalization;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Models;
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
        var settings = new GenerationSettings
        {
            Bars = cmd.Int("bars", 4, 1, GenerationSettings.MaxBars),
            Variations = cmd.Int("variations", 3, 1, GenerationSettings.MaxVariations),
            Mode = mode,
            // The plug-in's range and default (the one parameter table).
            Temperature = cmd.Float("temperature", (float)ParameterTable.Temperature.Default, (float)ParameterTable.Temperature.Min, (float)ParameterTable.Temperature.Max),
            TopP = cmd.Float("top-p", 0.95f, 0.01f, 1f),
            Density = cmd.Float("density", 0.5f, 0f, 1f),
            KeyLock = cmd.Flag("key-lock"),
            Seed = (ulong)cmd.Int("seed", 1, 0, int.MaxValue),
        };
        string? ngramPath = cmd.String("ngram");
        float adaptation = cmd.Float("adaptation", 0.5f, 0f, 1f);
        string? learnFrom = cmd.String("learn");
        // As in the plug-in: at adaptation 1 the player asks for their own material, echoes included.
        if (adaptation >= 1f) settings = settings with { EchoWeight = 1f };
        cmd.RejectUnknown();
        if (!File.Exists(input)) throw new IOException($"input file not found: {input}");

        VariableOrderMarkovModel? ngram = ngramPath is null ? null
            : VariableOrderMarkovModel.FromBytes(File.ReadAllBytes(ngramPath), TokenVocabulary.Hash);
        var song = MidiSong.Load(input);
        foreach (string warning in song.ReadWarnings) Console.Error.WriteLine($"aicopilot: warning: {input}: {warning}");
        VariableOrderMarkovModel? learned = null;
        if (learnFrom is not null)
        {
            // The musician's own files first: one line for each that cannot be read, the others learned.
            learned = MarkovModels.CreateLibraryModel();
            var lesson = new StyleFromFiles(new[] { learnFrom }).LearnAll(learned);
            foreach (string problem in lesson.Problems) Console.Error.WriteLine($"aicopilot: not learned: {problem}");
            Console.WriteLine($"your files: {lesson.Progress} ({lesson.Tokens} tokens) from {learnFrom}");
        }
        var result = OfflineContinuation.Continue(song, input, settings, ngram, adaptation, learned);
        result.Song.Save(output);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"key: {result.Key} (confidence {result.KeyConfidence:F2}); melody: {result.MelodySource}; chords: {result.ChordSource}"));
        foreach (var (take, shown) in result.Takes.Select((t, i) => (t, i)))
        {
            int chordNotes = take.Notes.Count(n => n.FromChord);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"take {shown + 1}: {take.Notes.Count - chordNotes} melody notes, {chordNotes} chord notes, {take.TokenCount} tokens, candidate {take.Variation + 1} of the pool, {take.MeanLogProbability:F2} nats per token"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {output} ({result.Takes.Count} takes, {settings.Bars} bars each, {result.SecondsPerToken * 1e6:F1} us per token)"));
        return 0;
    }
}
