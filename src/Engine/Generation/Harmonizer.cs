using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Generation;

/// <summary>
/// Gives chord symbols to a lead sheet that has none (a player who played only a melody), so harmony can be
/// continued: one chord per half bar (whole bar for short bars) recognized from the notes sounding in it, chosen among
/// the key's diatonic chords; equal neighbours are merged.
/// </summary>
public static class Harmonizer
{
    public static void AddChords(LeadSheet sheet, Key key)
    {
        if (sheet.Chords.Count > 0) return;
        Span<double> profile = stackalloc double[12];
        var chords = new List<(int Start, int End, ChordSymbol Chord)>();
        foreach (var bar in sheet.Bars)
        {
            int halves = bar.LengthSteps >= 12 && bar.LengthSteps % 2 == 0 ? 2 : 1;
            int span = bar.LengthSteps / halves;
            for (int h = 0; h < halves; h++)
            {
                int start = bar.StartStep + h * span, end = start + span;
                profile.Clear();
                int bass = int.MaxValue;
                foreach (var n in sheet.Melody)
                {
                    int overlap = Math.Min(end, n.Step + n.DurationSteps) - Math.Max(start, n.Step);
                    if (overlap <= 0) continue;
                    // Notes on strong steps weigh more: they carry the harmony.
                    double weight = overlap * (n.Step == start ? 1.5 : 1.0);
                    profile[n.Pitch % 12] += weight;
                    bass = Math.Min(bass, n.Pitch);
                }
                if (!ChordRecognizer.TryRecognize(profile, -1, key, out var chord))
                {
                    if (chords.Count == 0) continue;
                    chord = chords[^1].Chord; // silence keeps the harmony going
                }
                if (chords.Count > 0 && chords[^1].Chord == chord && chords[^1].End == start)
                    chords[^1] = (chords[^1].Start, end, chord);
                else
                    chords.Add((start, end, chord));
            }
        }
        foreach (var (start, end, chord) in chords)
            LeadSheetExtractor.AddChordSplitAtBars(sheet, chord, start, end);
        sheet.Sort();
    }
}
