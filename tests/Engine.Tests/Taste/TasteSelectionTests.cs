using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;

namespace AiCoPilot.Engine.Tests.Taste;

/// <summary>How a taste shapes the choice of takes: within the likelihood band and about as far as farthest-first would
/// go, never the first take, never a near copy.</summary>
public class TasteSelectionTests
{
    private static IReadOnlyList<GeneratedNote> Notes(int[] steps, int[] pitches) =>
        steps.Select((step, i) => new GeneratedNote(step, pitches[i], 1, 90, false)).ToList();

    private static Candidate Of(double logProbability, IReadOnlyList<GeneratedNote> notes) => new(new Take(0, notes, notes.Count * 3), logProbability);

    // A taste for high lines: the mean pitch.
    private sealed class Higher : ITakePreference
    {
        public double Score(Take take) => take.Notes.Average(n => n.Pitch);
    }

    private sealed class Indifferent : ITakePreference
    {
        public double Score(Take take) => 0;
    }

    private static List<Candidate> Pool() =>
    [
        Of(-1.0, Notes([0, 2, 4, 6, 8, 10, 12, 14], [60, 62, 64, 65, 67, 69, 71, 72])),
        Of(-1.1, Notes([0, 3, 4, 7, 8, 11, 12, 15], [72, 71, 69, 67, 65, 64, 62, 60])),
        Of(-1.1, Notes([0, 3, 4, 7, 8, 11, 12, 15], [84, 83, 81, 79, 77, 76, 74, 72])),      // the same line an octave up
        Of(-1.2, Notes([0, 1, 2, 6, 8, 9, 10, 14], [67, 67, 69, 69, 71, 71, 72, 72])),
        Of(-1.2, Notes([0, 1, 2, 6, 8, 9, 10, 14], [79, 79, 81, 81, 83, 83, 84, 84])),      // the same line an octave up
        Of(-1.3, Notes([0, 4, 5, 6, 10, 12, 13, 14], [64, 60, 62, 64, 67, 65, 64, 62])),
        Of(-1.3, Notes([0, 4, 5, 6, 10, 12, 13, 14], [88, 84, 86, 88, 91, 89, 88, 86])),    // two octaves up
        Of(-3.0, Notes([0, 2, 5, 6, 9, 10, 13, 14], [96, 95, 93, 91, 89, 88, 86, 84])),      // high, but too unlikely
    ];

    [Fact]
    public void A_taste_that_likes_nothing_in_particular_changes_nothing()
    {
        var pool = Pool();
        var plain = new CandidateSelection().Choose(pool, 3, []);
        var indifferent = new CandidateSelection().Choose(pool, 3, [], taste: new Indifferent());
        Assert.Equal(plain, indifferent);
        var withFirst = new CandidateSelection().Choose(pool, 3, [], first: pool[3]);
        Assert.Equal(withFirst, new CandidateSelection().Choose(pool, 3, [], first: pool[3], taste: new Indifferent()));
    }

    [Fact]
    public void A_taste_chooses_among_the_different_and_likely_and_the_first_take_explores()
    {
        var pool = Pool();
        var plain = new CandidateSelection().Choose(pool, 3, []);
        var liked = new CandidateSelection().Choose(pool, 3, [], taste: new Higher());
        Assert.Same(pool[0], liked[0]);                                      // the most likely leads, taste or not
        Assert.Same(plain[0], liked[0]);
        Assert.DoesNotContain(pool[^1], liked);                              // outside the likelihood band: never for taste
        Assert.True(liked.Skip(1).Average(c => c.Take.Notes.Average(n => n.Pitch)) > plain.Skip(1).Average(c => c.Take.Notes.Average(n => n.Pitch)));
        Assert.Contains(liked.Skip(1), c => c.Take.Notes[0].Pitch >= 79);    // an octave-up line is liked
        // A transposed copy is the same line (distance 0): a taste never brings a take and its copy.
        for (int i = 0; i < liked.Count; i++)
            for (int j = i + 1; j < liked.Count; j++)
                Assert.True(NoteDistance.Between(liked[i].Take.Notes, liked[j].Take.Notes) > 0.2);
        // The streamed take stays first whatever the taste.
        Assert.Same(pool[5], new CandidateSelection().Choose(pool, 3, [], first: pool[5], taste: new Higher())[0]);
    }

    [Fact]
    public void The_distance_band_keeps_farthest_first_in_charge()
    {
        var pool = Pool();
        var plain = new CandidateSelection().Choose(pool, 3, []);
        var none = new CandidateSelection { DistanceBand = 0 }.Choose(pool, 3, [], taste: new Higher());
        // With no room, the taste only breaks ties between equally far candidates: the spread is farthest-first's.
        Assert.Equal(CandidateSelection.Spread(plain).Min, CandidateSelection.Spread(none).Min, 9);
    }
}
