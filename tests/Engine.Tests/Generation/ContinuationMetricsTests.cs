using AiCoPilot.Engine.Evaluation;

namespace AiCoPilot.Engine.Tests.Generation;

public class ContinuationMetricsTests
{
    [Fact]
    public void Wide_leaps_are_counted_from_the_prompts_last_note()
    {
        // 67 -> 69 -> 81 (12: wide) -> 79 -> 67 (12: wide) -> 76 (9: not wide)
        Assert.Equal(2 / 5.0, ContinuationMetrics.WideLeapRate(67, new[] { 69, 81, 79, 67, 76 }), 9);
        Assert.Equal(1.0, ContinuationMetrics.WideLeapRate(60, new[] { 80 }));
        Assert.Equal(0.0, ContinuationMetrics.WideLeapRate(60, Array.Empty<int>()));
    }

    [Fact]
    public void Notes_more_than_five_semitones_outside_the_prompt_range_are_counted()
    {
        // Prompt range 60..72: 55 and 77 are just inside the margin, 54 and 78 outside.
        Assert.Equal(0.5, ContinuationMetrics.OutsideRangeRate(new[] { 55, 77, 54, 78 }, 60, 72));
        Assert.Equal(0.0, ContinuationMetrics.OutsideRangeRate(Array.Empty<int>(), 60, 72));
    }
}
