using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Taste;

namespace AiCoPilot.Engine.Tests.Taste;

/// <summary>Which comparisons each gesture gives, on takes whose figures all differ.</summary>
public class TasteLearnerTests
{
    private static readonly TasteGrid Grid = TasteGrid.Of(0, 4, 4);

    // A take of four notes from this pitch, this many steps apart.
    private static Take TakeOf(int pitch, int gap) =>
        new(0, Enumerable.Range(0, 4).Select(i => new GeneratedNote(i * gap, pitch + 2 * i, gap, 90, false)).ToList(), 12, -1);

    private static IReadOnlyList<Take> Shown(params (int Pitch, int Gap)[] takes) => takes.Select(t => TakeOf(t.Pitch, t.Gap)).ToList();

    private static TasteLearner Learner(IReadOnlyList<Take> shown)
    {
        var learner = new TasteLearner();
        learner.Shown(shown, Grid, [], answered: null);
        return learner;
    }

    [Fact]
    public void A_kept_take_beats_each_other_take_and_is_taught_once()
    {
        var shown = Shown((60, 2), (64, 3), (67, 4));
        var learner = Learner(shown);
        var kept = learner.Kept(shown, 1);
        Assert.Equal(2, kept.Comparisons.Count);
        Assert.Same(shown[1], kept.Kept);
        Assert.All(kept.Comparisons, c => Assert.Equal(TasteLearner.KeptWeight, c.Weight));
        Assert.All(kept.Comparisons, c => Assert.Equal(TasteFeatures.Of(shown[1], Grid, []), c.Winner));
        var again = learner.Kept(null, 1);                        // the same take exported: nothing new
        Assert.Empty(again.Comparisons);
        Assert.Null(again.Kept);
        var deleted = learner.Deleted(shown, 1);                  // a kept take deleted to tidy up says nothing
        Assert.Empty(deleted.Comparisons);
        Assert.Same(TasteLesson.None, learner.Kept(shown, 5));    // no such take
        Assert.Same(TasteLesson.None, learner.Kept(Shown((50, 2)), 0));  // takes never shown
    }

    [Fact]
    public void Regenerated_takes_lose_to_the_next_take_kept_for_the_same_phrase()
    {
        var first = Shown((60, 2), (64, 3), (67, 4));
        var learner = Learner(first);
        learner.Regenerated(first);
        Assert.Equal(3, learner.Rejected);
        var second = Shown((62, 2), (65, 3), (69, 4));
        learner.Shown(second, Grid, [], answered: null);
        var more = learner.MoreLike(second, 0);
        Assert.Equal(2 + 3, more.Comparisons.Count);
        Assert.Equal(3, more.Comparisons.Count(c => c.Weight == TasteLearner.RegeneratedWeight));
        Assert.Null(more.Kept);                                   // more like this keeps nothing
        Assert.Equal(0, learner.Rejected);
        var deleted = learner.Deleted(second, 2);
        Assert.Single(deleted.Comparisons);                       // take 1 over take 3 (take 1 over it is learned already)
        Assert.Equal(TasteLearner.DeletedWeight, deleted.Comparisons[0].Weight);
    }
}
