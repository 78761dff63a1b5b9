using AiCoPilot.Engine.Music;

namespace AiCoPilot.Engine.Tokens;

/// <summary>A bar of a lead sheet: where it starts (in sixteenth steps) and its meter as the vocabulary writes it.</summary>
public readonly record struct LeadBar(int StartStep, int Numerator, int Denominator)
{
    public int LengthSteps => Numerator * 16 / Denominator;
    public int EndStep => StartStep + LengthSteps;
}

/// <summary>A melody note on the sixteenth grid.</summary>
public readonly record struct LeadNote(int Step, int Pitch, int DurationSteps, int Velocity);

/// <summary>A chord symbol on the sixteenth grid.</summary>
public readonly record struct LeadChord(int Step, ChordSymbol Chord, int DurationSteps);

/// <summary>
/// Melody and chord symbols on a grid of sixteenth steps, with contiguous bars: the musical content the tokenizer
/// writes. Steps count from the start of the first bar.
/// </summary>
public sealed class LeadSheet
{
    public List<LeadBar> Bars { get; } = new();
    public List<LeadNote> Melody { get; } = new();
    public List<LeadChord> Chords { get; } = new();

    public int EndStep => Bars.Count == 0 ? 0 : Bars[^1].EndStep;

    /// <summary>Appends bars of one meter until the sheet reaches <paramref name="endStep"/>.</summary>
    public void ExtendBars(int endStep, int numerator = 4, int denominator = 4)
    {
        var (n, d) = TokenVocabulary.CanonicalMeter(numerator, denominator);
        while (EndStep < endStep) Bars.Add(new LeadBar(EndStep, n, d));
    }

    /// <summary>Index of the bar holding a step, or -1.</summary>
    public int BarIndexAt(int step)
    {
        int lo = 0, hi = Bars.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (step < Bars[mid].StartStep) hi = mid - 1;
            else if (step >= Bars[mid].EndStep) lo = mid + 1;
            else return mid;
        }
        return -1;
    }

    public void Sort()
    {
        Melody.Sort((a, b) => a.Step != b.Step ? a.Step.CompareTo(b.Step) : b.Pitch.CompareTo(a.Pitch));
        Chords.Sort((a, b) => a.Step.CompareTo(b.Step));
    }

    /// <summary>Durations and velocities snapped to what tokens can express; duplicates at one step removed; sorted.</summary>
    public LeadSheet Quantized()
    {
        var q = new LeadSheet();
        q.Bars.AddRange(Bars);
        var seen = new HashSet<(int, int)>();
        foreach (var n in Melody)
            if (BarIndexAt(n.Step) >= 0 && seen.Add((n.Step, n.Pitch)))
                q.Melody.Add(n with
                {
                    DurationSteps = TokenVocabulary.QuantizeDuration(n.DurationSteps),
                    Velocity = TokenVocabulary.VelocityOfBucket(TokenVocabulary.VelocityBucket(n.Velocity)),
                });
        var chordSteps = new HashSet<int>();
        foreach (var c in Chords.OrderBy(c => c.Step))
            if (BarIndexAt(c.Step) >= 0 && chordSteps.Add(c.Step))
                q.Chords.Add(c with { DurationSteps = TokenVocabulary.QuantizeDuration(c.DurationSteps) });
        q.Sort();
        return q;
    }
}
