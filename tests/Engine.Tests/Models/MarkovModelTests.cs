using AiCoPilot.Engine.Answering;
using AiCoPilot.Engine.Tests.Generation;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Tests.Models;

public class MarkovModelTests
{
    private static int[] RiffTokens(int times) => Tokenizer.Encode(LeadSheetExtractor.Extract(Fixtures.Riff(times)).Sheet).ToArray();

    [Fact]
    public void Predictions_are_distributions_at_every_depth()
    {
        var model = MarkovModels.CreateStyleModel();
        var tokens = RiffTokens(4);
        model.Train(tokens);
        var probs = new float[TokenVocabulary.Size];
        for (int i = 0; i <= tokens.Length; i++)
        {
            model.Predict(tokens.AsSpan(0, i), probs);
            Assert.Equal(1.0, probs.Sum(p => (double)p), 4);
            Assert.All(probs, p => Assert.True(p > 0));
        }
    }

    [Fact]
    public void Style_model_continues_a_riff_heard_four_times_with_high_probability()
    {
        var model = MarkovModels.CreateStyleModel();
        var tokens = RiffTokens(4);
        model.Train(tokens);
        // Probability of the whole fourth bar given the three before it.
        int fourthBar = Array.LastIndexOf(tokens, TokenVocabulary.Bar);
        var probs = new float[TokenVocabulary.Size];
        double logProbability = 0;
        for (int i = fourthBar; i < tokens.Length - 1; i++)
        {
            model.Predict(tokens.AsSpan(0, i), probs);
            logProbability += Math.Log(probs[tokens[i]]);
        }
        double barProbability = Math.Exp(logProbability);
        Assert.True(barProbability > 0.5, $"P(riff bar | context) = {barProbability:F3}");

        // And sampling: most continuations repeat the riff note for note.
        var style = MarkovModels.CreateStyleModel();
        style.Train(tokens);
        var composer = new AnswerModels(style);
        var sheet = LeadSheetExtractor.Extract(Fixtures.Riff(4)).Sheet;
        int[] riff = { 60, 62, 64, 67, 64, 62 };
        int exact = 0, total = 0;
        for (ulong seed = 1; seed <= 4; seed++)
        {
            var takes = composer.Compose(sheet, sheet.EndStep, new AiCoPilot.Engine.Music.Key(0, false), new GenerationSettings { Bars = 1, Variations = 16, Seed = seed });
            total += takes.Count;
            exact += takes.Count(t => t.Notes.Select(n => n.Pitch).SequenceEqual(riff));
        }
        Assert.Equal(64, total);
        Assert.True(exact >= 51, $"{exact} of {total} continuations repeat the riff");
    }

    [Fact]
    public void Learning_cost_per_token_does_not_grow_with_history()
    {
        var model = MarkovModels.CreateStyleModel();
        var random = new Random(1);
        int[] tokens = Enumerable.Range(0, 50_000).Select(_ => random.Next(TokenVocabulary.Size)).ToArray();
        foreach (int t in tokens) model.Observe(t);
        // Each token creates at most MaxOrder contexts, however long the history is.
        Assert.True(model.NodeCount <= 1 + tokens.Length * model.MaxOrder);
        Assert.Equal(tokens.Length, model.TokensObserved);
    }

    [Fact]
    public void Save_and_load_round_trip_exactly()
    {
        var model = MarkovModels.CreateStyleModel();
        model.Train(RiffTokens(3));
        model.Train(Tokenizer.Encode(LeadSheetExtractor.Extract(Fixtures.MelodyOverChords()).Sheet).ToArray());
        byte[] bytes = model.ToBytes();
        var loaded = VariableOrderMarkovModel.FromBytes(bytes, TokenVocabulary.Hash);
        Assert.Equal(model.NodeCount, loaded.NodeCount);
        Assert.Equal(bytes, loaded.ToBytes());
        var context = RiffTokens(2);
        var a = new float[TokenVocabulary.Size];
        var b = new float[TokenVocabulary.Size];
        for (int i = 0; i < context.Length; i++)
        {
            model.Predict(context.AsSpan(0, i), a);
            loaded.Predict(context.AsSpan(0, i), b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Damaged_future_or_foreign_data_is_refused_with_a_reason()
    {
        var model = MarkovModels.CreateStyleModel();
        model.Train(RiffTokens(2));
        byte[] bytes = model.ToBytes();
        Assert.Contains("checksum", Assert.Throws<MarkovModelFormatException>(() =>
        {
            var damaged = (byte[])bytes.Clone();
            damaged[damaged.Length / 2] ^= 0x40;
            VariableOrderMarkovModel.FromBytes(damaged, TokenVocabulary.Hash);
        }).Message);
        Assert.Contains("vocabulary", Assert.Throws<MarkovModelFormatException>(() => VariableOrderMarkovModel.FromBytes(bytes, "0000000000000000")).Message);
        Assert.Throws<MarkovModelFormatException>(() => VariableOrderMarkovModel.FromBytes(bytes.AsSpan(0, 5), TokenVocabulary.Hash));
        Assert.Throws<MarkovModelFormatException>(() => VariableOrderMarkovModel.FromBytes(new byte[100], TokenVocabulary.Hash));

        // A future format version, with a valid checksum, names the version.
        var future = bytes[..^8];
        future[4] = 99;
        var withChecksum = future.Concat(BitConverter.GetBytes(VariableOrderMarkovModel.Fnv1a64(future))).ToArray();
        Assert.Contains("version 99", Assert.Throws<MarkovModelFormatException>(() => VariableOrderMarkovModel.FromBytes(withChecksum, TokenVocabulary.Hash)).Message);
    }

    [Fact]
    public void Mutated_saved_models_never_throw_anything_else()
    {
        var model = MarkovModels.CreateStyleModel();
        model.Train(RiffTokens(3));
        byte[] bytes = model.ToBytes();
        var random = new Random(8);
        for (int i = 0; i < 3000; i++)
        {
            var mutated = (byte[])bytes.Clone();
            int at = random.Next(mutated.Length - 8);
            mutated[at] = (byte)random.Next(256);
            // Re-seal the checksum so the parser itself is exercised, not only the checksum.
            var body = mutated[..^8];
            var sealedBytes = body.Concat(BitConverter.GetBytes(VariableOrderMarkovModel.Fnv1a64(body))).ToArray();
            try { VariableOrderMarkovModel.FromBytes(sealedBytes, TokenVocabulary.Hash); }
            catch (MarkovModelFormatException) { }
        }
    }

    [Fact]
    public void Context_limit_bounds_memory_but_learning_goes_on()
    {
        var model = new VariableOrderMarkovModel(TokenVocabulary.Size, 8, 0.1f, TokenVocabulary.Hash, maxNodes: 100);
        var random = new Random(2);
        for (int i = 0; i < 10_000; i++) model.Observe(random.Next(TokenVocabulary.Size));
        Assert.Equal(100, model.NodeCount);
        Assert.Equal(10_000, model.TokensObserved);
        long bytes = model.ApproximateBytes;
        long used = model.UsedBytes;
        for (int i = 0; i < 10_000; i++) model.Observe(random.Next(TokenVocabulary.Size));
        Assert.Equal(bytes, model.ApproximateBytes);  // followers are bounded too: memory stops growing
        Assert.Equal(used, model.UsedBytes);
        Assert.True(model.FollowerCount >= model.MaxFollowers);  // (the root may pass it: it is bounded by the vocabulary)
        Assert.Equal(20_000, model.TokensObserved);
    }

    // Resident memory follows what is written, not what is allocated: after the last resize the arrays keep filling.
    [Fact]
    public void Used_bytes_keep_growing_after_the_arrays_stop_until_the_follower_limit()
    {
        var model = new VariableOrderMarkovModel(TokenVocabulary.Size, 8, 0.1f, TokenVocabulary.Hash, maxNodes: 1000);
        var random = new Random(3);
        while (model.NodeCount < model.MaxNodes) model.Observe(random.Next(TokenVocabulary.Size));
        long allocated = model.ApproximateBytes, used = model.UsedBytes;
        int followers = model.FollowerCount;
        Assert.True(used < allocated, $"{used} of {allocated}");
        Assert.True(followers < model.MaxFollowers);
        // The contexts are all made; new followers of them still arrive (a short history keeps the root's children busy).
        for (int i = 0; i < 2000 && model.FollowerCount == followers; i++)
        {
            model.ResetHistory();
            model.Observe(random.Next(TokenVocabulary.Size));
            model.Observe(random.Next(TokenVocabulary.Size));
        }
        Assert.True(model.FollowerCount > followers);
        Assert.True(model.UsedBytes > used);
        Assert.True(model.UsedBytes <= allocated, $"{model.UsedBytes} of {allocated}");
        Assert.Equal(1000, model.NodeCount);
    }
}
