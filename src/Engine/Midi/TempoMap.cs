namespace AiCoPilot.Engine.Midi;

/// <summary>
/// Converts between ticks, quarter notes (beats) and seconds across tempo changes. Tick-to-time conversion is exact:
/// elapsed time is accumulated as an integer count of microseconds x ticks-per-quarter and divided once.
/// </summary>
public sealed class TempoMap
{
    public const int DefaultMicrosecondsPerQuarter = 500_000; // 120 BPM, the SMF default

    private readonly TempoChange[] _changes;
    // Elapsed time at each change, in units of microseconds x TicksPerQuarter (exact integers).
    private readonly Int128[] _scaledMicrosAtChange;

    public TempoMap(int ticksPerQuarter, IEnumerable<TempoChange> changes)
    {
        if (ticksPerQuarter < 1) throw new ArgumentOutOfRangeException(nameof(ticksPerQuarter));
        TicksPerQuarter = ticksPerQuarter;
        // Later events at the same tick win, as in a sequencer reading the file in order.
        var sorted = changes.Select((c, i) => (c, i)).OrderBy(x => x.c.Tick).ThenBy(x => x.i)
            .GroupBy(x => x.c.Tick).Select(g => g.Last().c).ToList();
        if (sorted.Count == 0 || sorted[0].Tick != 0)
            sorted.Insert(0, new TempoChange(0, DefaultMicrosecondsPerQuarter));
        _changes = sorted.ToArray();
        _scaledMicrosAtChange = new Int128[_changes.Length];
        for (int i = 1; i < _changes.Length; i++)
            _scaledMicrosAtChange[i] = _scaledMicrosAtChange[i - 1] +
                (Int128)(_changes[i].Tick - _changes[i - 1].Tick) * _changes[i - 1].MicrosecondsPerQuarter;
    }

    public int TicksPerQuarter { get; }
    public IReadOnlyList<TempoChange> Changes => _changes;

    public double TicksToQuarters(long ticks) => (double)ticks / TicksPerQuarter;
    public long QuartersToTicks(double quarters) => (long)Math.Round(quarters * TicksPerQuarter);

    /// <summary>Exact elapsed microseconds x TicksPerQuarter at a tick.</summary>
    public Int128 ScaledMicrosecondsAt(long tick)
    {
        int i = IndexAt(tick);
        return _scaledMicrosAtChange[i] + (Int128)(tick - _changes[i].Tick) * _changes[i].MicrosecondsPerQuarter;
    }

    public double TicksToSeconds(long tick) => (double)ScaledMicrosecondsAt(tick) / (TicksPerQuarter * 1e6);

    /// <summary>Fractional tick at a time in seconds (the inverse of <see cref="TicksToSeconds"/>).</summary>
    public double SecondsToTicks(double seconds)
    {
        if (seconds <= 0) return seconds * TicksPerQuarter * 1e6 / _changes[0].MicrosecondsPerQuarter;
        double scaled = seconds * 1e6 * TicksPerQuarter;
        int lo = 0, hi = _changes.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if ((double)_scaledMicrosAtChange[mid] <= scaled) lo = mid; else hi = mid - 1;
        }
        return _changes[lo].Tick + (scaled - (double)_scaledMicrosAtChange[lo]) / _changes[lo].MicrosecondsPerQuarter;
    }

    public TempoChange TempoAt(long tick) => _changes[IndexAt(tick)];

    private int IndexAt(long tick)
    {
        int lo = 0, hi = _changes.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (_changes[mid].Tick <= tick) lo = mid; else hi = mid - 1;
        }
        return lo;
    }
}
