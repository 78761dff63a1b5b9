using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Evaluation;

/// <summary>A note as sounding from one time to another (quarter notes).</summary>
public readonly record struct SoundingNote(double OnPpq, double OffPpq, int Pitch);

/// <summary>
/// How well an accompaniment fits a melody while the melody plays (docs/evaluation.md, "Play along"): over the bars
/// with a melody onset, from the third bar of the melody on, the share of downbeats where an accompaniment note sounds;
/// the share of melody onsets whose pitch class sounds in the accompaniment at that moment (note-in-chord); how many
/// distinct chords (pitch-class sets) sound at downbeats; and, given chord labels, the share of downbeats where the
/// accompaniment's chord has the label's root and quality. <see cref="Rests"/> counts the melody's rests there long
/// enough to end a phrase ("Phrase end after", 1.5 beats by default), the breaths a band plays through; a downbeat the
/// melody reaches after a rest of <see cref="InterludeBeats"/> or more (an interlude: the melody comes back after it)
/// is counted apart too, so the coverage through the breaths (<see cref="BreathCoverage"/>) leaves those out.
/// </summary>
public sealed record PlayAlongMetrics(int Downbeats, int DownbeatsCovered, int MelodyOnsets, int OnsetsInChord, int DistinctChords,
    int LabelledDownbeats, int ChordsCorrect, int Rests = 0, int DownbeatsAfterInterludes = 0, int CoveredAfterInterludes = 0)
{
    public const int FirstBar = 2;

    /// <summary>Where a moment is heard: a 32nd note after it, so a performed chord struck a few milliseconds after the
    /// beat (POP909's piano is played, not quantized) counts as sounding on it.</summary>
    public const double Listen = 0.125;

    /// <summary>A rest of this many beats or more before a downbeat is an interlude, not a breath: two bars of 4/4,
    /// where play-along stops by default ("Play along stops after"). Fixed, so the figure does not follow the setting.</summary>
    public const double InterludeBeats = 8;

    public double Coverage => Downbeats == 0 ? 0 : (double)DownbeatsCovered / Downbeats;
    /// <summary>Downbeats covered, leaving out those after an interlude (1 when there are none).</summary>
    public double BreathCoverage => Downbeats == DownbeatsAfterInterludes ? 1
        : (double)(DownbeatsCovered - CoveredAfterInterludes) / (Downbeats - DownbeatsAfterInterludes);
    public double NoteInChord => MelodyOnsets == 0 ? 0 : (double)OnsetsInChord / MelodyOnsets;
    public double ChordAccuracy => LabelledDownbeats == 0 ? 0 : (double)ChordsCorrect / LabelledDownbeats;

    public static PlayAlongMetrics Measure(LeadSheet sheet, IReadOnlyList<SoundingNote> accompaniment, IReadOnlyList<LeadChord>? labels = null)
    {
        var q = sheet.Quantized();
        int downbeats = 0, covered = 0, onsets = 0, inChord = 0, labelled = 0, correct = 0, afterInterludes = 0, coveredAfterInterludes = 0;
        var distinct = new HashSet<int>();
        var playedBars = q.Melody.Select(n => q.BarIndexAt(n.Step)).Where(b => b >= 0).ToHashSet();
        if (playedBars.Count == 0) return new PlayAlongMetrics(0, 0, 0, 0, 0, 0, 0);
        int first = playedBars.Min() + FirstBar;
        int interludeSteps = (int)Math.Round(InterludeBeats * TokenVocabulary.StepsPerQuarter);
        int next = 0, soundingUntil = int.MinValue;  // the notes before the downbeat, and where they stop sounding
        foreach (int b in playedBars.Where(b => b >= first).OrderBy(b => b))
        {
            int step = q.Bars[b].StartStep;
            double at = step / (double)TokenVocabulary.StepsPerQuarter;
            int mask = MaskAt(accompaniment, at + Listen);
            downbeats++;
            if (mask != 0) { covered++; distinct.Add(mask); }
            for (; next < q.Melody.Count && q.Melody[next].Step < step; next++)
                soundingUntil = Math.Max(soundingUntil, q.Melody[next].Step + q.Melody[next].DurationSteps);
            if (soundingUntil != int.MinValue && step - soundingUntil >= interludeSteps)
            {
                afterInterludes++;
                if (mask != 0) coveredAfterInterludes++;
            }
            if (labels is not null && LabelAt(labels, q.Bars[b].StartStep) is { } label)
            {
                labelled++;
                if (mask != 0 && Names(mask, label)) correct++;
            }
        }
        foreach (var n in q.Melody)
        {
            if (q.BarIndexAt(n.Step) < first) continue;
            onsets++;
            int mask = MaskAt(accompaniment, n.Step / (double)TokenVocabulary.StepsPerQuarter + Listen);
            if ((mask & (1 << (n.Pitch % 12))) != 0) inChord++;
        }
        int rests = 0, firstStep = q.Bars[Math.Min(first, q.Bars.Count - 1)].StartStep, silentFrom = int.MinValue;
        int restSteps = (int)Math.Round(ParameterTable.SilenceBeats.Default * TokenVocabulary.StepsPerQuarter);
        foreach (var n in q.Melody)
        {
            if (silentFrom != int.MinValue && n.Step >= firstStep && n.Step - silentFrom >= restSteps) rests++;
            silentFrom = Math.Max(silentFrom, n.Step + n.DurationSteps);
        }
        return new PlayAlongMetrics(downbeats, covered, onsets, inChord, distinct.Count, labelled, correct, rests, afterInterludes, coveredAfterInterludes);
    }

    /// <summary>Pitch classes sounding at a time (a note that starts exactly then counts; one that ends then does not).</summary>
    public static int MaskAt(IReadOnlyList<SoundingNote> notes, double ppq)
    {
        int mask = 0;
        foreach (var n in notes)
            if (n.OnPpq <= ppq + 1e-6 && n.OffPpq > ppq + 1e-6) mask |= 1 << (n.Pitch % 12);
        return mask;
    }

    private static LeadChord? LabelAt(IReadOnlyList<LeadChord> labels, int step)
    {
        foreach (var c in labels)
            if (c.Step <= step && step < c.Step + c.DurationSteps) return c;
        return null;
    }

    /// <summary>True when the sounding pitch classes are recognized as the label's chord (root and quality).</summary>
    private static bool Names(int mask, LeadChord label)
    {
        Span<double> profile = stackalloc double[12];
        for (int pc = 0; pc < 12; pc++) profile[pc] = (mask & (1 << pc)) != 0 ? 1 : 0;
        return ChordRecognizer.TryRecognize(profile, -1, out var chord) && chord == label.Chord;
    }

    /// <summary>The notes of a list of note-ons and note-offs (a note-off ends the earliest open note of its pitch).</summary>
    public static List<SoundingNote> Pair(IEnumerable<(double Ppq, bool On, int Pitch)> events)
    {
        var open = new Dictionary<int, Queue<double>>();
        var notes = new List<SoundingNote>();
        foreach (var (ppq, on, pitch) in events.OrderBy(e => e.Ppq))
        {
            if (on) { if (!open.TryGetValue(pitch, out var q)) open[pitch] = q = new Queue<double>(); q.Enqueue(ppq); }
            else if (open.TryGetValue(pitch, out var q) && q.Count > 0) notes.Add(new SoundingNote(q.Dequeue(), ppq, pitch));
        }
        return notes;
    }
}
