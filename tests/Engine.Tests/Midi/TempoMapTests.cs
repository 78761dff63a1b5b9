using AiCoPilot.Engine.Midi;

namespace AiCoPilot.Engine.Tests.Midi;

public class TempoMapTests
{
    [Fact]
    public void Ticks_to_seconds_is_exact_across_tempo_changes()
    {
        // 480 PPQ: 120 BPM for 2 quarters, 60 BPM for 1 quarter, then 90 BPM.
        var map = new TempoMap(480, new[] { new TempoChange(0, 500_000), new TempoChange(960, 1_000_000), new TempoChange(1440, 666_667) });
        Assert.Equal(0.0, map.TicksToSeconds(0));
        Assert.Equal(1.0, map.TicksToSeconds(960));
        Assert.Equal(2.0, map.TicksToSeconds(1440));
        Assert.Equal(2.0 + 0.666667, map.TicksToSeconds(1920), 12);
        Assert.Equal(1.5, map.TicksToSeconds(1200), 12);
        Assert.Equal(3.0, map.TicksToQuarters(1440));
    }

    [Fact]
    public void Default_tempo_is_120_bpm_before_the_first_change()
    {
        var map = new TempoMap(96, new[] { new TempoChange(96, 1_000_000) });
        Assert.Equal(0.5, map.TicksToSeconds(96));
        Assert.Equal(1.5, map.TicksToSeconds(192));
    }

    [Fact]
    public void Seconds_to_ticks_inverts_ticks_to_seconds()
    {
        var random = new Random(5);
        var changes = new List<TempoChange>();
        long tick = 0;
        for (int i = 0; i < 180; i++) { changes.Add(new TempoChange(tick, random.Next(250_000, 1_200_000))); tick += random.Next(1, 4000); }
        var map = new TempoMap(480, changes);
        for (int i = 0; i < 2000; i++)
        {
            long t = random.NextInt64(0, tick + 10_000);
            Assert.Equal(t, map.SecondsToTicks(map.TicksToSeconds(t)), 6);
        }
    }

    [Fact]
    public void Later_tempo_at_the_same_tick_wins()
    {
        var map = new TempoMap(480, new[] { new TempoChange(0, 500_000), new TempoChange(0, 250_000) });
        Assert.Equal(0.25, map.TicksToSeconds(480));
    }
}
