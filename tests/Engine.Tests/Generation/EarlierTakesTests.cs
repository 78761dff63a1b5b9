using AiCoPilot.Engine.Generation;

namespace AiCoPilot.Engine.Tests.Generation;

public class EarlierTakesTests
{
    [Fact]
    public void Notes_count_as_earlier_once_their_take_is_done_and_a_new_answer_forgets_them()
    {
        var earlier = new EarlierTakes();
        earlier.NewAnswer(startStep: 64);
        earlier.Played(64, 60);
        earlier.Played(70, 67);
        Assert.False(earlier.Contains(64, 60));            // still the take being written
        earlier.NextTake();
        Assert.True(earlier.Contains(64, 60));
        Assert.True(earlier.Contains(70, 67));
        Assert.False(earlier.Contains(70, 60));
        Assert.False(earlier.Contains(64 + 1, 60));
        earlier.NewAnswer(startStep: 0);
        Assert.False(earlier.Contains(64, 60));
    }

    [Fact]
    public void Steps_and_pitches_out_of_range_are_ignored()
    {
        var earlier = new EarlierTakes();
        earlier.NewAnswer(100);
        earlier.Played(99, 60);                             // before the answer
        earlier.Played(100 + GenerationSettings.MaxBars * 48, 60);
        earlier.Played(120, 128);
        earlier.Played(120, -1);
        earlier.NextTake();
        Assert.False(earlier.Contains(99, 60));
        Assert.False(earlier.Contains(100 + GenerationSettings.MaxBars * 48, 60));
        Assert.False(earlier.Contains(120, 128));
    }
}
