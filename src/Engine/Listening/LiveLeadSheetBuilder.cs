using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Listening;

/// <summary>
/// Turns what the player played, in any number of voices, into what the model was trained on: one melody line and
/// chord symbols (docs/tokens.md, "Live input"). Notes struck together (within a 64th note) form a group; the group's
/// highest note is the melody, unless the melody note before it is higher and still held down (by the key, not just
/// the sustain pedal) more than a sixteenth past the onset: then the group accompanies it. Melody notes end at the
/// next melody onset. Every other note is harmony, read as one chord per beat as the corpus extractor reads an
/// accompaniment track.
/// </summary>
public static class LiveLeadSheetBuilder
{
    private const double TogetherPpq = 1.0 / 16;  // a 64th note: about 30 ms at 120 BPM, a chord struck by hand

    /// <summary>Adds the notes' melody and chords to <paramref name="sheet"/>, whose bars must already be laid out.</summary>
    public static void Fill(LeadSheet sheet, IReadOnlyList<PlayedNote> notes, double barOriginPpq)
    {
        if (sheet.Bars.Count == 0 || notes.Count == 0) return;
        int Step(double ppq) => (int)Math.Round((ppq - barOriginPpq) * TokenVocabulary.StepsPerQuarter);
        var ordered = notes.OrderBy(n => n.StartPpq).ToList();
        var melody = new List<PlayedNote>();
        var harmony = new List<(double Start, double End, int Pitch)>();
        for (int first = 0; first < ordered.Count;)
        {
            int end = first + 1;
            while (end < ordered.Count && ordered[end].StartPpq - ordered[first].StartPpq < TogetherPpq) end++;
            int top = first;
            for (int i = first + 1; i < end; i++)
                if (ordered[i].Pitch > ordered[top].Pitch) top = i;
            bool accompanies = melody.Count > 0 && melody[^1].Pitch > ordered[top].Pitch &&
                               Step(melody[^1].KeyUpPpq) > Step(ordered[top].StartPpq) + 1;
            if (!accompanies) melody.Add(ordered[top]);
            for (int i = first; i < end; i++)
            {
                if (i == top && !accompanies) continue;
                double start = (ordered[i].StartPpq - barOriginPpq) * TokenVocabulary.StepsPerQuarter;
                double stop = (ordered[i].EndPpq - barOriginPpq) * TokenVocabulary.StepsPerQuarter;
                harmony.Add((start, Math.Max(stop, start + 1), ordered[i].Pitch));
            }
            first = end;
        }

        for (int i = 0; i < melody.Count; i++)
        {
            int start = Step(melody[i].StartPpq);
            int stop = Step(melody[i].EndPpq);
            if (i + 1 < melody.Count) stop = Math.Min(stop, Step(melody[i + 1].StartPpq));  // one line: no overlaps
            if (sheet.BarIndexAt(start) < 0) continue;
            sheet.Melody.Add(new LeadNote(start, melody[i].Pitch, Math.Max(1, stop - start), melody[i].Velocity));
        }

        if (harmony.Count > 0)
        {
            // Beats are counted from the sheet's first bar, which may lie before the bar origin (negative steps).
            int origin = sheet.Bars[0].StartStep;
            var perBeat = LeadSheetExtractor.ChordsPerBeat(harmony.Select(h => (h.Start - origin, h.End - origin, h.Pitch)), sheet.EndStep - origin);
            LeadSheetExtractor.MergeBeatChords(sheet, perBeat, origin);
        }
        sheet.Sort();
    }
}
