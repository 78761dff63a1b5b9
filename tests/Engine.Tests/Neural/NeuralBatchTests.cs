using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Tokens;
using Xunit.Abstractions;

namespace AiCoPilot.Engine.Tests.Neural;

/// <summary>A pool's rows in one batch give each row the same next-token distribution as the model run for it alone.</summary>
public class NeuralBatchTests
{
    private readonly ITestOutputHelper _output;
    public NeuralBatchTests(ITestOutputHelper output) { _output = output; }

    private static int[] Tokens() => File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "tests", "golden", "melody_over_chords.tokens.txt"))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();

    /// <summary>On the float model rows and stream agree to rounding (the runner's bookkeeping is exact). The shipped
    /// 8-bit model quantizes every activation against a fixed range, so no row's values change another row's
    /// rounding (with a range found per run, as ONNX Runtime's dynamic quantization does, rows differed by 0.15 in a
    /// probability); a row still differs from the stream where the shared prefix's products, summed in another order,
    /// move a value across a quantization step: up to 0.008 in a probability (0.0 without a shared prefix).</summary>
    [Theory]
    [InlineData(false, "aicopilot-float.onnx", 1e-4)]
    [InlineData(true, "aicopilot-float.onnx", 1e-4)]
    [InlineData(false, "aicopilot.onnx", 0.02)]
    [InlineData(true, "aicopilot.onnx", 0.02)]
    public void Each_row_matches_the_single_stream_predictor_through_different_tokens_a_finished_row_and_a_full_context(bool sharePrompt, string file, double tolerance)
    {
        var model = NeuralModel.LoadShared(Path.Combine(Fixtures.RepoRoot, "models", file));
        int[] tokens = Tokens();
        int[] prompt = tokens[..40];
        const int rows = 3;
        using var batch = new NeuralBatch(model, rows);
        var singles = Enumerable.Range(0, rows).Select(_ => new NeuralPredictor(model)).ToArray();
        var rowP = new float[TokenVocabulary.Size];
        var singleP = new float[TokenVocabulary.Size];
        double worst = 0;
        // Shared, the prompt is held once and the rows hold only what they add; alone, each row holds all of it.
        if (sharePrompt) batch.SharePrefix(prompt);
        for (int r = 0; r < rows; r++) { batch.Row(r).Prime(prompt); singles[r].Prime(prompt); }
        Assert.Equal(sharePrompt ? prompt.Length : 0, batch.SharedPrefixLength);
        Assert.True(batch.RowCapacity <= (sharePrompt ? 32 : 64), $"row capacity {batch.RowCapacity} after priming");
        // Each row continues with other tokens; row 2 stops early (as a finished candidate does) and the others run
        // on past the context, where both kinds re-prime from the last half.
        for (int step = 0; step < model.Context + 20; step++)
        {
            for (int r = 0; r < rows; r++)
            {
                if (r == 2 && step >= 30) continue;
                int token = tokens[(40 + step * (r + 1)) % tokens.Length];
                batch.Row(r).Accept(token);
                singles[r].Accept(token);
            }
            batch.Run();
            for (int r = 0; r < rows; r++)
            {
                batch.Row(r).Predict(rowP);
                singles[r].Predict(singleP);
                for (int i = 0; i < rowP.Length; i++) worst = Math.Max(worst, Math.Abs(rowP[i] - singleP[i]));
            }
        }
        foreach (var s in singles) s.Dispose();
        _output.WriteLine($"max |p_row - p_single| = {worst:E2}; {batch.Runs} batch runs for {model.Context + 20} steps; rows hold {batch.RowCapacity} positions");
        Assert.True(worst <= tolerance, $"{file}: max difference {worst}");
        Assert.InRange(batch.Runs, model.Context + 20 - 4, model.Context + 20);  // one run a step (re-primes run alone)
        Assert.True(batch.RowSteps <= 2 * batch.Runs + 30, $"{batch.RowSteps} rows run");  // row 2, done, is not run
    }

    /// <summary>A batch kept for the next answer starts it with small rows again: a step reads every row's whole room,
    /// so a pool after a long one would otherwise read the earlier one's (at 16 rows, 128 positions of room ran at
    /// two thirds the speed of 32). The rows still give the single stream's distribution.</summary>
    [Fact]
    public void A_new_shared_prefix_starts_the_rows_small_again_and_they_still_match_the_stream()
    {
        var model = NeuralModel.LoadShared(Path.Combine(Fixtures.RepoRoot, "models", "aicopilot-float.onnx"));
        int[] tokens = Tokens();
        using var batch = new NeuralBatch(model, 2);
        batch.SharePrefix(tokens[..40]);
        for (int r = 0; r < 2; r++) batch.Row(r).Prime(tokens[..40]);
        for (int step = 0; step < 100; step++)
            for (int r = 0; r < 2; r++) batch.Row(r).Accept(tokens[(40 + step + r) % tokens.Length]);
        batch.Run();
        Assert.True(batch.RowCapacity >= 100, $"room {batch.RowCapacity} after 100 tokens");

        int[] prompt = tokens[10..50];
        batch.SharePrefix(prompt);
        using var single = new NeuralPredictor(model);
        single.Prime(prompt);
        batch.Row(0).Prime(prompt);
        Assert.Equal(32, batch.RowCapacity);
        var rowP = new float[TokenVocabulary.Size];
        var singleP = new float[TokenVocabulary.Size];
        for (int step = 0; step < 40; step++)
        {
            batch.Row(0).Accept(tokens[60 + step]);
            single.Accept(tokens[60 + step]);
            batch.Row(0).Predict(rowP);
            single.Predict(singleP);
            for (int i = 0; i < rowP.Length; i++) Assert.True(Math.Abs(rowP[i] - singleP[i]) <= 1e-4, $"step {step}, token {i}");
        }
        Assert.Equal(64, batch.RowCapacity);
    }
}
