using AiCoPilot.Engine.Answering;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;

namespace AiCoPilot.Engine.Tests.Generation;

public class CandidateSelectionTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;
    public CandidateSelectionTests(Xunit.Abstractions.ITestOutputHelper output) { _output = output; }

    private static IReadOnlyList<GeneratedNote> Line(int start, params int[] pitches) =>
        pitches.Select((p, i) => new GeneratedNote(start + i * 2, p, 2, 90, false)).ToList();

    private static Candidate Of(double logProbability, IReadOnlyList<GeneratedNote> notes) => new(new Take(0, notes, notes.Count * 3), logProbability);

    private static IReadOnlyList<GeneratedNote> Notes(int[] steps, int[] pitches) =>
        steps.Select((step, i) => new GeneratedNote(step, pitches[i], 1, 90, false)).ToList();

    [Fact]
    public void Distance_hears_a_transposed_or_shifted_copy_as_the_same_line_and_counts_each_changed_move()
    {
        var a = Line(0, 60, 62, 64, 65);
        Assert.Equal(0, NoteDistance.Between(a, Line(32, 60, 62, 64, 65)));
        Assert.Equal(0, NoteDistance.Between(a, Line(0, 67, 69, 71, 72)));      // a fifth up
        Assert.Equal(0, NoteDistance.Between(a, a.Select(n => n with { DurationSteps = 1, Velocity = 40 }).ToList()));
        Assert.Equal(0.5 / 3, NoteDistance.Between(a, Line(0, 60, 62, 64, 67)), 9);  // the last move: same onset, another interval
        Assert.Equal(1, NoteDistance.Between(a, Notes([0, 3, 7, 10], [60, 55, 67, 58])), 9);
        Assert.Equal(1, NoteDistance.Between(a, []));
        Assert.Equal(0, NoteDistance.Between([], []));
        // A chord tone under the melody does not make it another line.
        var withChord = a.Append(new GeneratedNote(0, 48, 8, 70, true)).ToList();
        Assert.Equal(0, NoteDistance.Between(a, withChord));
    }

    [Fact]
    public void Near_duplicates_give_way_to_different_takes_and_no_chosen_pair_is_near()
    {
        var pool = new List<Candidate>
        {
            Of(-1.0, Line(0, 60, 62, 64, 65, 67, 69, 71, 72)),
            Of(-1.01, Line(0, 60, 62, 64, 65, 67, 69, 71, 74)),  // one move off the first
            Of(-1.02, Line(0, 60, 62, 64, 65, 67, 69, 72, 74)),  // two moves off
            Of(-1.1, Notes([0, 3, 4, 7, 8, 11, 12, 15], [72, 71, 69, 67, 65, 64, 62, 60])),
            Of(-1.2, Notes([0, 1, 2, 6, 8, 9, 10, 14], [67, 67, 69, 69, 71, 71, 72, 72])),
        };
        var chosen = new CandidateSelection().Choose(pool, 3, []);
        Assert.Equal(3, chosen.Count);
        Assert.Same(pool[0], chosen[0]);                        // the most likely leads
        Assert.Contains(pool[3], chosen);
        Assert.Contains(pool[4], chosen);
        var (min, mean) = CandidateSelection.Spread(chosen);
        Assert.True(min >= 0.2, $"closest pair {min}");
        Assert.True(mean >= 0.5, $"mean {mean}");
    }

    [Fact]
    public void Unlikely_candidates_and_echoes_of_the_phrase_are_left_out_while_others_remain()
    {
        var phrase = Line(0, 60, 64, 67, 72);
        var echo = Of(-0.9, Line(16, 60, 64, 67, 72));          // the player's phrase again, the model's favourite
        var likely = Of(-1.0, Line(0, 62, 65, 69, 74));
        var alsoLikely = Of(-1.3, Line(0, 74, 72, 71, 67));
        var wild = Of(-3.0, Line(0, 30, 95, 31, 96));           // far from everything, but 2 nats per token less likely
        var chosen = new CandidateSelection().Choose([echo, likely, alsoLikely, wild, Of(double.NaN, Line(0, 1, 2))], 4, phrase);
        Assert.Equal([likely, alsoLikely], chosen);
        // With nothing else left, an echo is better than silence.
        Assert.Equal([echo], new CandidateSelection().Choose([echo, wild], 2, phrase));
    }

    [Fact]
    public void The_same_pool_gives_the_same_choice_and_empty_or_absurd_requests_are_safe()
    {
        var pool = Enumerable.Range(0, 24).Select(i => Of(-1 - i * 0.01, Line(0, 60 + i % 5, 62 + i % 7, 64 + i % 3, 65 + i % 11))).ToList();
        var first = new CandidateSelection().Choose(pool, 8, []);
        var again = new CandidateSelection().Choose(pool.AsEnumerable().Reverse().ToList(), 8, []);
        Assert.Equal(8, first.Count);
        Assert.Equal(first.ToHashSet(), again.ToHashSet());
        Assert.Empty(new CandidateSelection().Choose([], 4, []));
        Assert.Empty(new CandidateSelection().Choose(pool, 0, []));
        Assert.Equal(24, new CandidateSelection().Choose(pool, 1000, []).Count);
    }

    [Fact]
    public void From_sixteen_takes_of_the_shipped_model_the_chosen_four_are_farther_apart_than_the_first_four()
    {
        using var neural = new AiCoPilot.Engine.Models.Neural.NeuralPredictor(
            AiCoPilot.Engine.Models.Neural.NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath));
        var composer = new AnswerModels(AiCoPilot.Engine.Models.MarkovModels.CreateStyleModel(), neural, 0f);
        var context = new AiCoPilot.Engine.Tokens.LeadSheet();
        context.ExtendBars(32);
        int[] line = { 60, 62, 64, 67, 69, 67, 64, 62 };
        for (int i = 0; i < 8; i++) context.Melody.Add(new AiCoPilot.Engine.Tokens.LeadNote(i * 4, line[i], 4, 90));
        var key = new AiCoPilot.Engine.Music.Key(0, false);
        var settings = new GenerationSettings { Bars = 2, Variations = 16, Key = key, Mode = GenerationMode.Melody, Seed = 7 };
        var pool = composer.Compose(context, 32, key, settings).Select(t => new Candidate(t, t.MeanLogProbability)).ToList();
        Assert.All(pool, c => Assert.InRange(c.MeanLogProbability, -10, 0));
        Assert.Equal(16, pool.Count);
        foreach (var c in pool) _output.WriteLine($"{c.MeanLogProbability:F2}: " + string.Join(" ", c.Take.Notes.Select(n => $"{n.Step}:{n.Pitch}")));
        var chosen = new CandidateSelection().Choose(pool, 4, []);
        var (min, mean) = CandidateSelection.Spread(chosen);
        var (firstMin, firstMean) = CandidateSelection.Spread(pool.Take(4).ToList());
        _output.WriteLine($"chosen four: closest {min:F2}, mean {mean:F2}; the first four: closest {firstMin:F2}, mean {firstMean:F2}");
        Assert.True(min >= firstMin && mean >= firstMean - 0.05);
        Assert.True(min >= 0.2, $"closest chosen pair {min}");
    }

    [Fact]
    public void A_take_sampled_hot_is_less_likely_to_the_model_than_one_sampled_cool()
    {
        using var neural = new AiCoPilot.Engine.Models.Neural.NeuralPredictor(
            AiCoPilot.Engine.Models.Neural.NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath));
        var composer = new AnswerModels(AiCoPilot.Engine.Models.MarkovModels.CreateStyleModel(), neural, 0f);
        var context = new AiCoPilot.Engine.Tokens.LeadSheet();
        context.ExtendBars(32);
        int[] line = { 67, 69, 67, 64, 62, 64, 67, 60 };
        for (int i = 0; i < 8; i++) context.Melody.Add(new AiCoPilot.Engine.Tokens.LeadNote(i * 4, line[i], 4, 90));
        var key = new AiCoPilot.Engine.Music.Key(0, false);
        double Mean(float temperature) => composer.Compose(context, 32, key, new GenerationSettings
            { Bars = 2, Variations = 8, Key = key, Mode = GenerationMode.Melody, Seed = 3, Temperature = temperature })
            .Average(t => t.MeanLogProbability);
        double cool = Mean(0.4f), hot = Mean(1.8f);
        _output.WriteLine($"mean log probability per token: temperature 0.4 {cool:F2}, 1.8 {hot:F2}");
        Assert.True(cool > hot + 0.2, $"cool {cool}, hot {hot}");
    }
}
