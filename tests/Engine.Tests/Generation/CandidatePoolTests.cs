using AiCoPilot.Engine.Answering;
using AiCoPilot.Engine.Evaluation;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Tests.Generation;

/// <summary>The takes of an answer come from a larger pool, and no take hands the player back their own phrase.</summary>
public class CandidatePoolTests
{
    private static IReadOnlyList<GeneratedNote> Line(int start, params int[] pitches) =>
        pitches.Select((p, i) => new GeneratedNote(start + i * 2, p, 2, 90, false)).ToList();

    private static Take TakeOf(double logProbability, IReadOnlyList<GeneratedNote> notes) => new(0, notes, notes.Count * 3, logProbability);

    [Fact]
    public void The_pool_is_a_few_candidates_per_take_shown_within_a_budget_of_bars()
    {
        Assert.Equal(1, CandidatePool.SizeFor(new GenerationSettings { Variations = 1 }));
        Assert.Equal(12, CandidatePool.SizeFor(new GenerationSettings { Variations = 3, Bars = 4 }));
        Assert.Equal(16, CandidatePool.SizeFor(new GenerationSettings { Variations = 8, Bars = 4 }));
        Assert.Equal(8, CandidatePool.SizeFor(new GenerationSettings { Variations = 8, Bars = 16 }));  // never fewer than shown
        Assert.Equal(3, CandidatePool.SizeFor(new GenerationSettings { Variations = 3, CandidatesPerTake = 1 }));
    }

    [Fact]
    public void Candidates_show_as_written_then_the_streamed_first_and_the_most_different_others()
    {
        var phrase = Line(0, 60, 62, 64, 65, 67);
        var pool = new CandidatePool(new GenerationSettings { Variations = 2, CandidatesPerTake = 2 }, phrase, firstIsKept: true);
        var first = TakeOf(-1.3, Line(16, 72, 71, 69, 67, 65));
        var nearFirst = TakeOf(-1.0, Line(16, 72, 71, 69, 67, 64));
        var echo = TakeOf(-0.9, Line(16, 60, 62, 64, 65, 67));
        var other = TakeOf(-1.1, new[] { 0, 3, 4, 7, 8 }.Select((s, i) => new GeneratedNote(16 + s, 67 + (i % 2) * 5, 1, 90, false)).ToList());
        pool.Add(first);
        Assert.Equal(new[] { first }, pool.Takes());
        pool.Add(nearFirst);
        Assert.Equal(new[] { first, nearFirst }, pool.Takes());  // as written while the pool fills
        pool.Add(echo);
        pool.Add(other);
        Assert.True(pool.Full);
        // The streamed take stays first; the echo of the phrase and the near copy give way to the different one.
        Assert.Equal(new[] { first, other }, pool.Takes());
    }

    [Fact]
    public void A_take_that_strays_from_the_phrases_register_gives_way_to_one_that_stays()
    {
        var phrase = Line(0, 60, 62, 64, 65, 67, 65, 64, 62);  // C4 to G4
        var pool = new CandidatePool(new GenerationSettings { Variations = 2, CandidatesPerTake = 2 }, phrase, firstIsKept: true);
        var first = TakeOf(-1.0, Line(16, 64, 62, 60, 62, 64, 65, 67, 64));
        var stray = TakeOf(-1.0, Line(16, 79, 81, 84, 86, 84, 81, 79, 77));   // two octaves up: far from everything
        var near = TakeOf(-1.2, new[] { 0, 3, 4, 7, 8, 11, 12, 15 }.Select((s, i) => new GeneratedNote(16 + s, 60 + (i % 3) * 4, 1, 90, false)).ToList());
        var another = TakeOf(-1.1, Line(16, 67, 66, 65, 64, 63, 62, 61, 60));
        Assert.True(pool.Strays(stray));
        Assert.False(pool.Strays(near));
        foreach (var t in new[] { first, stray, near, another }) pool.Add(t);
        Assert.DoesNotContain(stray, pool.Takes());
    }

    [Fact]
    public void A_kept_first_take_that_is_far_less_likely_than_the_rest_still_leaves_a_choice()
    {
        var chosen = new CandidateSelection().Choose(
            new[] { new Candidate(TakeOf(-3, Line(0, 60, 64, 67)), -3), new Candidate(TakeOf(-1, Line(0, 72, 71, 69)), -1) },
            2, [], first: new Candidate(TakeOf(-0.2, Line(0, 50, 52, 53)), -0.2));
        Assert.Equal(2, chosen.Count);
        Assert.Equal(-0.2, chosen[0].MeanLogProbability);
        Assert.Equal(-1, chosen[1].MeanLogProbability);
    }

    // A player's phrase the style model knows by heart: 4 bars of an 8-note-a-bar line, then the same 4 bars again,
    // so that unsteered it answers with its own phrase.
    private static LeadSheet RepeatedPhrase()
    {
        var sheet = new LeadSheet();
        sheet.ExtendBars(8 * 16);
        var random = new Random(11);
        var line = new int[32];
        int pitch = 67;
        for (int i = 0; i < line.Length; i++) line[i] = pitch = Math.Clamp(pitch + random.Next(-3, 4), 57, 79);
        for (int i = 0; i < 64; i++) sheet.Melody.Add(new LeadNote(i * 2, line[i % 32], 2, 90));
        return sheet;
    }

    [Fact]
    public void Echo_steering_keeps_takes_from_replaying_eight_notes_of_the_prompt_which_they_do_without_it()
    {
        // As in the plug-in at the default adaptation: the shipped model blended half and half with the player's style.
        var sheet = RepeatedPhrase();
        int[] tokens = Tokenizer.Encode(sheet).ToArray();
        var style = MarkovModels.CreateStyleModel();
        style.Train(tokens);
        using var neural = new NeuralPredictor(NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath));
        var composer = new AnswerModels(style, neural, 0.5f);
        int[] prompt = PromptBuilder.Build(sheet, sheet.EndStep, 8, 4, 4);
        var promptWindows = OriginalityIndex.Build(new[] { prompt });
        var tail = sheet.Melody.TakeLast(7).Select(n => (n.Step, n.Pitch)).ToList();
        int free = 0, steered = 0, masked = 0, takes = 0;
        for (int seed = 1; seed <= 10; seed++)
        {
            var settings = new GenerationSettings { Bars = 2, Variations = 2, CandidatesPerTake = 1, Seed = (ulong)seed };
            foreach (var take in composer.Compose(sheet, sheet.EndStep, new Key(0, false), settings with { EchoWeight = 1 }))
                free += ContinuationMetrics.Copies(promptWindows, tail, take.Notes) ? 1 : 0;
            foreach (var take in composer.Compose(sheet, sheet.EndStep, new Key(0, false), settings with { Variations = 3, CandidatesPerTake = 4 }, asLiveAnswer: true))
                steered += ContinuationMetrics.Copies(promptWindows, tail, take.Notes) ? 1 : 0;
            foreach (var take in composer.Compose(sheet, sheet.EndStep, new Key(0, false), settings with { EchoWeight = 0 }))
            {
                masked += ContinuationMetrics.Copies(promptWindows, tail, take.Notes) ? 1 : 0;
                takes++;
            }
        }
        Assert.True(free >= takes * 3 / 4, $"without steering {free} of {takes} takes echo the phrase");
        // As the plug-in answers (3 takes shown of a pool of 12, the streamed first never an echo): at most a quarter.
        Assert.True(steered <= 30 / 4, $"with the default steering and the pool {steered} of 30 takes shown echo");
        Assert.Equal(0, masked);
    }
}
