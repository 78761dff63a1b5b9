using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Taste;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Tests.Taste;

/// <summary>The simulated musician, through the plug-in's live session and the shipped model: what learning brings and
/// that the figure can be recomputed from the files alone.</summary>
public class TasteSimulationTests
{
    // Phrases of 4 bars of 4/4 in C major: a random walk in eighths and quarters, one phrase a seed.
    private static List<LeadSheet> Phrases(int count)
    {
        int[] scale = [60, 62, 64, 65, 67, 69, 71, 72, 74, 76];
        var phrases = new List<LeadSheet>();
        for (int seed = 1; seed <= count; seed++)
        {
            var random = new Random(seed);
            var sheet = new LeadSheet();
            for (int bar = 0; bar < 4; bar++) sheet.Bars.Add(new LeadBar(bar * 16, 4, 4));
            int degree = random.Next(2, 7);
            for (int step = 0; step < 60;)
            {
                int length = random.Next(3) == 0 ? 4 : 2;
                degree = Math.Clamp(degree + random.Next(-2, 3), 0, scale.Length - 1);
                sheet.Melody.Add(new LeadNote(step, scale[degree], length, 90));
                step += length;
            }
            phrases.Add(sheet);
        }
        return phrases;
    }

    [Fact]
    public void Phrases_are_cut_from_songs_in_whole_bars_with_enough_notes_each_starting_at_zero()
    {
        var songs = Phrases(3);  // 4 bars each: one phrase of 4 bars apiece
        var phrases = TasteSimulation.Phrases(songs, 5);
        Assert.Equal(3, phrases.Count);
        Assert.All(phrases, p => Assert.Equal(64, p.EndStep));
        Assert.All(phrases, p => Assert.Equal(0, p.Bars[0].StartStep));
        // Bars of 1/4 (as POP909's files say) are read as 4/4.
        var quarterBars = new LeadSheet();
        for (int b = 0; b < 32; b++) quarterBars.Bars.Add(new LeadBar(b * 4, 1, 4));
        quarterBars.Melody.AddRange(songs[0].Melody);
        quarterBars.Melody.AddRange(songs[1].Melody.Select(n => n with { Step = n.Step + 64 }));
        var cut = TasteSimulation.Phrases([quarterBars], 5);
        Assert.Equal(2, cut.Count);
        Assert.All(cut, p => Assert.Equal((4, 4), (p.Bars[0].Numerator, p.Bars[0].Denominator)));
    }

    [Fact]
    public void A_musician_who_likes_higher_lines_is_shown_more_of_them_once_the_taste_has_learned_and_the_files_say_so()
    {
        var model = NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath);
        using var predictor = new NeuralPredictor(model);
        var simulation = new TasteSimulation(predictor, guard: null) { Rounds = 10 };
        var taste = HiddenTaste.Parse("register+");
        string dir = Fixtures.TempDir();
        var phrases = Phrases(10);
        var off = simulation.Play(phrases, taste, learning: false, Path.Combine(dir, "off"));
        var on = simulation.Play(phrases, taste, learning: true, Path.Combine(dir, "on"));
        Assert.Equal(10, on.Rounds.Count);
        Assert.All(on.Rounds.Concat(off.Rounds), r => Assert.Equal(3, r.Shown.Count));
        Assert.Equal(0, off.Comparisons);
        Assert.True(on.Comparisons >= 15, $"{on.Comparisons} comparisons");       // two a round, less takes that differ in nothing
        Assert.Contains("higher", on.Learned);
        Assert.True(on.ChosenMatchShare > off.ChosenMatchShare, $"takes 2-3 higher than the phrase: {on.ChosenMatchShare} learning, {off.ChosenMatchShare} not");
        Assert.True(on.MeanDistance > off.MeanDistance - 0.1, $"mean distance {on.MeanDistance} learning, {off.MeanDistance} not");
        // The figure again, from the files alone.
        foreach (var (run, name) in new[] { (off, "off"), (on, "on") })
        {
            var files = TasteRoundFiles.Recompute(Path.Combine(dir, name), taste);
            Assert.Equal(run.Rounds.Count, files.Rounds);
            Assert.Equal(run.Takes, files.Takes);
            Assert.Equal(run.MatchShare, files.MatchShare, 9);
            Assert.Equal(run.PickedMatchShare * run.Rounds.Count, files.PickedMatching, 9);
        }
    }
}
