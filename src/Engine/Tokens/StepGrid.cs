using AiCoPilot.Engine.Midi;

namespace AiCoPilot.Engine.Tokens;

/// <summary>
/// Maps ticks of a song onto the sixteenth-step grid and its bars. Either regular (quarter = PPQ ticks, bars from the
/// time signatures) or from a table of beat times (POP909's beat_midi.txt), where each beat is split in four.
/// </summary>
public sealed class StepGrid
{
    private readonly double[]? _beatTicks;   // null for a regular grid
    private readonly int _ticksPerQuarter;

    private StepGrid(int ticksPerQuarter, double[]? beatTicks, List<LeadBar> bars)
    {
        _ticksPerQuarter = ticksPerQuarter;
        _beatTicks = beatTicks;
        Bars = bars;
    }

    public IReadOnlyList<LeadBar> Bars { get; }

    /// <summary>A grid of quarter = PPQ ticks with bars from the song's time signatures, covering up to <paramref name="endTick"/>.</summary>
    public static StepGrid Regular(MidiSong song, long endTick)
    {
        var bars = new List<LeadBar>();
        var signatures = song.TimeSignatures.OrderBy(t => t.Tick).ToList();
        if (signatures.Count == 0 || signatures[0].Tick > 0) signatures.Insert(0, new TimeSignature(0, 4, 4));
        double endStep = endTick * 4.0 / song.TicksPerQuarter;
        int step = 0;
        for (int i = 0; i < signatures.Count && step < endStep; i++)
        {
            var (n, d) = TokenVocabulary.CanonicalMeter(signatures[i].Numerator, signatures[i].Denominator);
            int length = n * 16 / d;
            int segmentEnd = i + 1 < signatures.Count
                ? (int)Math.Round(signatures[i + 1].Tick * 4.0 / song.TicksPerQuarter) : int.MaxValue;
            while (step < endStep && step < segmentEnd)
            {
                // A meter change in mid-bar cuts the bar short there.
                int available = segmentEnd - step;
                var (bn, bd) = available >= length ? (n, d) : ShortMeter(available);
                bars.Add(new LeadBar(step, bn, bd));
                step += bn * 16 / bd;
            }
        }
        return new StepGrid(song.TicksPerQuarter, null, bars);
    }

    private static (int, int) ShortMeter(int steps) =>
        steps % 4 == 0 ? (Math.Min(12, steps / 4), 4) : (Math.Clamp((steps + 1) / 2, 1, 12), 8);

    /// <summary>
    /// A grid from beat times in ticks and downbeat flags. Bars run from downbeat to downbeat (beats before the first
    /// downbeat form a pickup bar); a bar of more than 12 beats is split.
    /// </summary>
    public static StepGrid FromBeats(int ticksPerQuarter, IReadOnlyList<double> beatTicks, IReadOnlyList<bool> isDownbeat)
    {
        if (beatTicks.Count < 2) throw new ArgumentException("a beat grid needs at least two beats");
        var bars = new List<LeadBar>();
        int barStartBeat = 0;
        for (int b = 1; b <= beatTicks.Count; b++)
        {
            bool boundary = b == beatTicks.Count || isDownbeat[b] || b - barStartBeat == 12;
            if (!boundary) continue;
            int beats = b - barStartBeat;
            bars.Add(new LeadBar(barStartBeat * 4, beats, 4));
            barStartBeat = b;
        }
        return new StepGrid(ticksPerQuarter, beatTicks.ToArray(), bars);
    }

    /// <summary>Fractional step of a tick.</summary>
    public double TickToStep(double tick)
    {
        if (_beatTicks is null) return tick * 4.0 / _ticksPerQuarter;
        var beats = _beatTicks;
        int i = UpperBound(beats, tick) - 1;
        i = Math.Clamp(i, 0, beats.Length - 2);
        double span = beats[i + 1] - beats[i];
        if (span <= 0) span = _ticksPerQuarter;
        return 4.0 * i + 4.0 * (tick - beats[i]) / span;
    }

    /// <summary>Tick at a step (inverse of <see cref="TickToStep"/>).</summary>
    public long StepToTick(int step)
    {
        if (_beatTicks is null) return (long)Math.Round(step * (double)_ticksPerQuarter / 4.0);
        var beats = _beatTicks;
        int i = Math.Clamp(step >= 0 ? step / 4 : -1, 0, beats.Length - 2);
        double span = beats[i + 1] - beats[i];
        return (long)Math.Round(beats[i] + (step - 4.0 * i) * span / 4.0);
    }

    private static int UpperBound(double[] values, double x)
    {
        int lo = 0, hi = values.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (values[mid] <= x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
