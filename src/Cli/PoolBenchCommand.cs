using AiCoPilot.Engine;
using AiCoPilot.Engine.Answering;
using System.Diagnostics;
using System.Globalization;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Cli;

/// <summary>
/// `aicopilot poolbench [--model PATH] [--rows 16] [--pool 32] [--repeats 5] [--steps 100] [--model-only]`: the candidate pool's speed figures of
/// docs/benchmarks.md on one thread: the model alone, one stream and a batch of rows (tokens per second, each row
/// counted), and whole candidates of 4 bars as the plug-in writes them (sampling, the style blend and the guard
/// included), one after another and side by side. The prompt is the project's own examples/melody.mid material
/// (tests/golden/melody_over_chords.tokens.txt); the style model learns it.
/// </summary>
public static class PoolBenchCommand
{
    public static int Run(string[] args)
    {
        var cmd = new CommandLine(args, new HashSet<string> { "model-only" });
        string modelPath = cmd.String("model") ?? EvalCommand.DefaultModel();
        int rows = cmd.Int("rows", 16, 1, 64);
        int poolSize = cmd.Int("pool", 32, 2, 128);
        int repeats = cmd.Int("repeats", 5, 1, 100);
        // Instructions per token under callgrind: run twice with other step counts and divide the difference.
        int steps = cmd.Int("steps", 100, 1, 10_000);
        bool modelOnly = cmd.Flag("model-only");
        string part = cmd.String("part") ?? "all";  // one-by-one or batched: one part alone (for callgrind)
        if (part is not ("all" or "one-by-one" or "batched")) throw new UsageException("--part is all, one-by-one or batched");
        string tokensPath = cmd.String("tokens") ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath))!, "..", "tests", "golden", "melody_over_chords.tokens.txt");
        cmd.RejectUnknown();
        using var model = NeuralModel.Load(modelPath);
        int[] tokens = File.ReadAllText(tokensPath).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        int[] prompt = tokens[..Math.Min(tokens.Length, 100)];
        var probabilities = new float[TokenVocabulary.Size];

        // 1. The model alone: one stream, then a batch (every row a token a step).
        if (part == "all")
        using (var single = new NeuralPredictor(model))
        {
            var times = new List<double>();
            for (int rep = 0; rep < repeats; rep++)
            {
                single.Prime(prompt);
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < steps; i++) { single.Predict(probabilities); single.Accept(tokens[(100 + i) % tokens.Length]); }
                times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
            }
            Line("model_single_tokens_per_s", F(steps / Median(times)), $"{steps} steps from a {prompt.Length}-token prompt, median of {repeats}");
        }
        if (part == "all")
        using (var batch = new NeuralBatch(model, rows))
        {
            var times = new List<double>();
            for (int rep = 0; rep < repeats; rep++)
            {
                batch.SharePrefix(prompt);  // as the pool does: the prompt held once, each row's own tokens after it
                for (int r = 0; r < rows; r++) batch.Row(r).Prime(prompt);
                long t0 = Stopwatch.GetTimestamp();
                for (int i = 0; i < steps; i++)
                {
                    for (int r = 0; r < rows; r++) { batch.Row(r).Predict(probabilities); batch.Row(r).Accept(tokens[(100 + i + r) % tokens.Length]); }
                    batch.Run();
                }
                times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
            }
            Line($"model_batch{rows}_tokens_per_s", F(steps * rows / Median(times)), $"{rows} rows x {steps} steps, every row counted");
        }
        if (modelOnly) return 0;

        // 2. Whole candidates, 4 bars each, as the plug-in writes them.
        var style = MarkovModels.CreateStyleModel();
        style.Train(tokens);
        var context = Tokenizer.Decode(prompt);
        int start = context.EndStep;
        using var neural = new NeuralPredictor(model);
        var settings = new GenerationSettings { Bars = 4, Variations = 1, Mode = GenerationMode.Melody };
        var sequential = new AnswerModels(style, neural, 0.5f);
        var generator = sequential.Generator;
        int[] context8 = PromptBuilder.Build(context, start, 8);
        if (part is "all" or "one-by-one")
        {
            var times = new List<double>();
            long generated = 0;
            for (int rep = 0; rep < repeats; rep++)
            {
                long t0 = Stopwatch.GetTimestamp();
                for (int c = 0; c < poolSize; c++)
                {
                    generator.Begin(context8, start, 4, 4, settings with { Seed = (ulong)(rep * 1000 + c + 1) }, new Key(0, false), 0);
                    while (generator.TryNext(out _)) { }
                    generated += generator.TokensGenerated;
                }
                times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
            }
            Line("pool_one_by_one_ms", F(Median(times) * 1000), $"{poolSize} candidates of 4 bars, one after another");
            Line("pool_one_by_one_tokens_per_s", F(generated / times.Sum()), "sampling, style blend included");
            Line("pool_one_by_one_tokens", generated.ToString(CultureInfo.InvariantCulture), $"over {repeats} repeats");
        }
        if (part is "all" or "batched")
        {
            var times = new List<double>();
            long generated = 0;
            var writer = new PoolWriter(new NeuralBatch(model, rows), style, 0.5f, null);
            for (int rep = 0; rep < repeats; rep++)
            {
                long t0 = Stopwatch.GetTimestamp();
                for (int written = 0; written < poolSize; written += rows)
                {
                    writer.Begin(context8, start, 4, 4, settings with { Seed = (ulong)(rep * 1000 + written + 1) }, new Key(0, false), 0, Math.Min(rows, poolSize - written), Array.Empty<GeneratedNote>());
                    while (writer.Step()) { }
                    generated += writer.Tokens;
                }
                times.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
            }
            writer.ReturnBatch();
            Line("pool_batched_ms", F(Median(times) * 1000), $"{poolSize} candidates of 4 bars, {rows} side by side (target: 32 in 250 ms)");
            Line("pool_batched_tokens_per_s", F(generated / times.Sum()), "sampling, style blend included");
            Line("pool_batched_tokens", generated.ToString(CultureInfo.InvariantCulture), $"over {repeats} repeats");
        }
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }

    private static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
    private static void Line(string key, string value, string note) => Console.WriteLine($"{key,-34} {value,12}  {note}");
}
