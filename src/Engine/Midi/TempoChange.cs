namespace AiCoPilot.Engine.Midi;

/// <summary>A tempo from a tick on, in microseconds per quarter note (the SMF unit, 1..0xFFFFFF).</summary>
public readonly record struct TempoChange
{
    public TempoChange(long tick, int microsecondsPerQuarter)
    {
        if (tick < 0) throw new ArgumentOutOfRangeException(nameof(tick));
        if (microsecondsPerQuarter is < 1 or > 0xFFFFFF) throw new ArgumentOutOfRangeException(nameof(microsecondsPerQuarter));
        Tick = tick; MicrosecondsPerQuarter = microsecondsPerQuarter;
    }

    public long Tick { get; }
    public int MicrosecondsPerQuarter { get; }
    public double BeatsPerMinute => 60_000_000.0 / MicrosecondsPerQuarter;

    public static TempoChange FromBpm(long tick, double bpm) => new(tick, (int)Math.Round(60_000_000.0 / bpm));
}
