using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Taste;

namespace AiCoPilot.Engine.Tests.Taste;

/// <summary>The figures a taste is learned over, on lines whose figures are known, and the same figures from files.</summary>
public class TasteFeaturesTests
{
    private static readonly TasteGrid FourFour = TasteGrid.Of(32, 4, 4);

    // Notes from (step from the bar line at 32, pitch, duration).
    private static List<GeneratedNote> Line(params (int Step, int Pitch, int Duration)[] notes) =>
        notes.Select(n => new GeneratedNote(32 + n.Step, n.Pitch, n.Duration, 90, false)).ToList();

    private static double Figure(int feature, List<GeneratedNote> notes) => TasteFeatures.Of(notes, FourFour)[feature];

    [Fact]
    public void Syncopation_is_an_onset_off_the_beat_whose_next_beat_brings_nothing_new()
    {
        var onTheBeat = Line((0, 60, 4), (4, 62, 4), (8, 64, 4), (12, 65, 4));
        var run = Line((0, 60, 1), (1, 62, 1), (2, 64, 1), (3, 65, 1), (4, 67, 4));       // quick notes lead into the beat
        var pushed = Line((0, 60, 2), (2, 62, 4), (6, 64, 4), (10, 65, 6));                  // every second note tied over the beat
        Assert.Equal(0, Figure(TasteFeatures.Syncopation, onTheBeat));
        Assert.Equal(0, Figure(TasteFeatures.Syncopation, run));
        Assert.Equal(0.75, Figure(TasteFeatures.Syncopation, pushed), 9);
    }

    [Fact]
    public void Steps_leaps_register_range_density_and_rhythm_are_what_they_say()
    {
        var stepwise = Line((0, 60, 4), (4, 62, 4), (8, 64, 4), (12, 62, 4));
        var leaping = Line((0, 60, 4), (4, 67, 4), (8, 64, 4), (12, 72, 4));
        Assert.Equal(0, Figure(TasteFeatures.Leaps, stepwise));
        Assert.Equal(1, Figure(TasteFeatures.Leaps, leaping));
        Assert.Equal(62, Figure(TasteFeatures.Register, stepwise));
        Assert.Equal(12, Figure(TasteFeatures.Range, leaping));
        Assert.Equal(1, Figure(TasteFeatures.Density, stepwise));        // four onsets in a bar of four beats
        Assert.Equal(0, Figure(TasteFeatures.Rhythm, stepwise));         // even quarters
        Assert.True(Figure(TasteFeatures.Rhythm, Line((0, 60, 1), (1, 62, 7), (8, 64, 2), (10, 65, 6))) > 0.5);
        // Chord tones are not the line; the top note of an onset is.
        var withChord = stepwise.Append(new GeneratedNote(32, 48, 16, 70, true)).Append(new GeneratedNote(32, 55, 4, 70, false)).ToList();
        Assert.Equal(62, Figure(TasteFeatures.Register, withChord));
    }

    [Fact]
    public void A_bar_of_six_eight_counts_in_dotted_quarters()
    {
        var grid = TasteGrid.Of(0, 6, 8);
        Assert.Equal((12, 6), (grid.BarSteps, grid.BeatSteps));
        var notes = new List<GeneratedNote> { new(0, 60, 6, 90, false), new(6, 62, 6, 90, false) };
        Assert.Equal(0, TasteFeatures.Of(notes, grid)[TasteFeatures.Syncopation]);
        Assert.Equal(1, TasteFeatures.Of(notes, grid)[TasteFeatures.Density]);
    }

    [Fact]
    public void A_take_written_as_a_round_file_gives_the_same_figures_read_back()
    {
        string dir = Fixtures.TempDir();
        var phrase = Line((-16, 60, 2), (-14, 62, 4), (-10, 64, 2), (-8, 67, 6), (-2, 65, 2));
        var take = new Take(0, Line((0, 64, 3), (3, 67, 5), (8, 69, 2), (10, 72, 6), (16, 71, 2), (18, 67, 14)), 20, -0.9);
        var other = new Take(1, Line((0, 60, 4), (4, 62, 4), (8, 64, 4), (12, 65, 4)), 12, -0.7);
        TasteRoundFiles.WriteRound(dir, 1, phrase, 16, [take, other], 32, picked: 0, 4, 4, 120);
        var (notes, grid) = TasteRoundFiles.Read(Path.Combine(TasteRoundFiles.RoundFolder(dir, 1), "take-1.mid"));
        var (phraseNotes, _) = TasteRoundFiles.Read(Path.Combine(TasteRoundFiles.RoundFolder(dir, 1), "phrase.mid"));
        var live = TasteFeatures.Of(take, FourFour, phrase);
        var fromFile = TasteFeatures.Of(notes, grid, phraseNotes);
        for (int k = 0; k < TasteFeatures.Likelihood; k++) Assert.Equal(live[k], fromFile[k], 9);
        Assert.True(double.IsNaN(fromFile[TasteFeatures.Likelihood]));  // a file does not say how likely a take was
        Assert.Equal(File.ReadAllBytes(Path.Combine(TasteRoundFiles.RoundFolder(dir, 1), "take-1.mid")),
            File.ReadAllBytes(Path.Combine(TasteRoundFiles.RoundFolder(dir, 1), "picked.mid")));
        var figures = TasteRoundFiles.Recompute(dir, HiddenTaste.Parse("register+"));
        Assert.Equal((1, 2, 1, 1), (figures.Rounds, figures.Takes, figures.Matching, figures.PickedMatching));  // the phrase's mean is 63.6
    }

    [Theory]
    [InlineData("syncopation+", TasteFeatures.Syncopation, 1)]
    [InlineData("leaps-", TasteFeatures.Leaps, -1)]
    [InlineData(" Register ", TasteFeatures.Register, 1)]
    public void A_hidden_taste_is_a_figure_and_a_direction(string text, int feature, int direction) =>
        Assert.Equal(new HiddenTaste(feature, direction), HiddenTaste.Parse(text));

    [Fact]
    public void A_hidden_taste_must_be_a_figure_a_file_holds_and_picks_the_take_furthest_its_way()
    {
        Assert.Throws<ArgumentException>(() => HiddenTaste.Parse("likelihood+"));
        Assert.Throws<ArgumentException>(() => HiddenTaste.Parse("swing+"));
        var fewerLeaps = HiddenTaste.Parse("leaps-");
        Assert.Equal(2, fewerLeaps.Pick([0.5, 0.4, 0.1]));
        Assert.Equal(0, fewerLeaps.Pick([0.1, 0.4, 0.1]));   // the first of equals
        Assert.True(fewerLeaps.Matches(0.1, 0.3));
        Assert.False(fewerLeaps.Matches(0.3, 0.3));
        Assert.Equal("stepwise", fewerLeaps.Words);
    }
}
