using System.Globalization;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Music;

namespace AiCoPilot.Engine.Tokens;

/// <summary>
/// The documented rule (docs/tokens.md, "Melody and chord extraction") that takes a melody and chord symbols out of a
/// multi-track song:
/// 1. Drums (channel 10) are ignored.
/// 2. Melody: a track named like MELODY, LEAD or VOCAL; else, of the tracks that are mostly monophonic (at most 20% of
///    notes overlap another), the one with the highest mean pitch; else the skyline (top note at each onset) of the
///    highest track.
/// 3. Chords: POP909's chord_midi.txt beside the file when present; else recognized per beat from the notes of the
///    other tracks (template matching, equal neighbours merged); else none.
/// 4. Grid: POP909's beat_midi.txt beside the file when present (bars from its 4/4 downbeat column); else quarter
///    notes of the file's resolution with bars from its time signatures.
/// Chords are split at bar lines so every bar states its harmony.
/// </summary>
public static class LeadSheetExtractor
{
    private static readonly string[] MelodyNames = { "melody", "lead", "vocal" };

    /// <summary>Longest song the extractor lays a grid over: 200,000 sixteenths (12,500 bars of 4/4); later notes are dropped.</summary>
    public const int MaxSteps = 200_000;

    public static LeadSheetExtraction Extract(MidiSong song, string? songPath = null)
    {
        string? dir = songPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(songPath));
        var tempoMap = song.BuildTempoMap();
        var tracks = song.Tracks.Select(t => (Track: t, Notes: t.Notes.Where(n => n.Channel != 9).ToList()))
            .Where(t => t.Notes.Count > 0).ToList();

        // 2. Melody.
        List<MidiNote> melody;
        List<MidiNote> harmony;
        string melodySource;
        var named = tracks.FirstOrDefault(t => MelodyNames.Any(m => t.Track.Name.Contains(m, StringComparison.OrdinalIgnoreCase)));
        if (named.Track is not null)
        {
            melody = named.Notes;
            melodySource = $"track '{named.Track.Name}' (named)";
            harmony = tracks.Where(t => t.Track != named.Track && !IsSecondaryMelody(t.Track)).SelectMany(t => t.Notes).ToList();
        }
        else if (tracks.Count == 0)
        {
            melody = new(); harmony = new(); melodySource = "none (no notes)";
        }
        else
        {
            var monophonic = tracks.Where(t => OverlapRatio(t.Notes) <= 0.2).ToList();
            if (monophonic.Count > 0)
            {
                var best = monophonic.OrderByDescending(t => t.Notes.Average(n => n.Pitch)).First();
                melody = best.Notes;
                melodySource = $"track '{best.Track.Name}' (highest monophonic)";
                harmony = tracks.Where(t => t.Track != best.Track).SelectMany(t => t.Notes).ToList();
            }
            else
            {
                var top = tracks.OrderByDescending(t => t.Notes.Average(n => n.Pitch)).First();
                (melody, var rest) = Skyline(top.Notes);
                melodySource = $"skyline of track '{top.Track.Name}'";
                harmony = tracks.Where(t => t.Track != top.Track).SelectMany(t => t.Notes).Concat(rest).ToList();
            }
        }

        // 4. Grid.
        // Hostile files can place notes millions of bars away: the grid (and so memory) is capped.
        long endTick = Math.Clamp(song.EndTick, 1, (long)MaxSteps * song.TicksPerQuarter / TokenVocabulary.StepsPerQuarter);
        StepGrid grid = TryBeatGrid(dir, song, tempoMap, endTick) ?? StepGrid.Regular(song, endTick);
        var sheet = new LeadSheet();
        sheet.Bars.AddRange(grid.Bars);
        int dropped = 0;
        foreach (var n in melody)
        {
            int start = (int)Math.Round(grid.TickToStep(n.StartTick));
            int end = (int)Math.Round(grid.TickToStep(n.EndTick));
            if (start < 0 || sheet.BarIndexAt(start) < 0) { dropped++; continue; }
            sheet.Melody.Add(new LeadNote(start, n.Pitch, Math.Max(1, end - start), n.Velocity));
        }

        // 3. Chords.
        string chordSource;
        var chordLabels = dir is null ? null : Path.Combine(dir, "chord_midi.txt");
        if (chordLabels is not null && File.Exists(chordLabels))
        {
            AddLabelledChords(sheet, grid, tempoMap, chordLabels);
            chordSource = "chord_midi.txt";
        }
        else if (harmony.Count > 0)
        {
            AddRecognizedChords(sheet, grid, harmony);
            chordSource = "recognized from other tracks";
        }
        else chordSource = "none";

        sheet.Sort();
        return new LeadSheetExtraction(sheet, grid, melodySource, chordSource, dropped);
    }

    private static bool IsSecondaryMelody(MidiTrack track) => track.Name.Contains("bridge", StringComparison.OrdinalIgnoreCase);

    private static double OverlapRatio(List<MidiNote> notes)
    {
        if (notes.Count < 2) return 0;
        var sorted = notes.OrderBy(n => n.StartTick).ToList();
        int overlapping = 0;
        long maxEnd = sorted[0].EndTick;
        for (int i = 1; i < sorted.Count; i++)
        {
            // A small overlap (legato) is not polyphony: allow 10% of the earlier note's span.
            if (sorted[i].StartTick < maxEnd - Math.Max(1, (maxEnd - sorted[i - 1].StartTick) / 10)) overlapping++;
            maxEnd = Math.Max(maxEnd, sorted[i].EndTick);
        }
        return (double)overlapping / notes.Count;
    }

    private static (List<MidiNote> Top, List<MidiNote> Others) Skyline(List<MidiNote> notes)
    {
        var top = new List<MidiNote>();
        var rest = new List<MidiNote>();
        foreach (var group in notes.GroupBy(n => n.StartTick).OrderBy(g => g.Key))
        {
            var ordered = group.OrderByDescending(n => n.Pitch).ToList();
            top.Add(ordered[0]);
            rest.AddRange(ordered.Skip(1));
        }
        // Trim each top note at the next onset so the line stays monophonic.
        for (int i = 0; i + 1 < top.Count; i++)
            if (top[i].EndTick > top[i + 1].StartTick)
                top[i] = new MidiNote(top[i].Pitch, top[i].Velocity, top[i].Channel, top[i].StartTick, top[i + 1].StartTick - top[i].StartTick);
        return (top, rest);
    }

    private static StepGrid? TryBeatGrid(string? dir, MidiSong song, TempoMap tempoMap, long endTick)
    {
        if (dir is null) return null;
        string path = Path.Combine(dir, "beat_midi.txt");
        if (!File.Exists(path)) return null;
        var ticks = new List<double>();
        var downbeats = new List<bool>();
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3) continue;
            if (!double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)) continue;
            if (!double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double flag)) continue;
            ticks.Add(tempoMap.SecondsToTicks(seconds));
            downbeats.Add(flag >= 0.5);
        }
        if (ticks.Count < 2) return null;
        // Extend past the last listed beat so trailing notes still have bars.
        double span = ticks[^1] - ticks[^2];
        if (span <= 0) span = song.TicksPerQuarter;
        while (ticks[^1] < endTick + span && ticks.Count < MaxSteps / TokenVocabulary.StepsPerQuarter)
        {
            ticks.Add(ticks[^1] + span);
            downbeats.Add(false);
        }
        return StepGrid.FromBeats(song.TicksPerQuarter, ticks, downbeats);
    }

    private static void AddLabelledChords(LeadSheet sheet, StepGrid grid, TempoMap tempoMap, string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3) continue;
            if (!double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double startSec)) continue;
            if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double endSec)) continue;
            if (!ChordSymbol.TryParseHarte(parts[2], out var chord)) continue;
            int start = (int)Math.Round(grid.TickToStep(tempoMap.SecondsToTicks(startSec)));
            int end = (int)Math.Round(grid.TickToStep(tempoMap.SecondsToTicks(endSec)));
            AddChordSplitAtBars(sheet, chord, start, end);
        }
    }

    private static void AddRecognizedChords(LeadSheet sheet, StepGrid grid, List<MidiNote> harmony)
    {
        var spans = harmony.Select(n => (Start: grid.TickToStep(n.StartTick), End: grid.TickToStep(n.EndTick), Pitch: (int)n.Pitch)).ToList();
        var perBeat = ChordsPerBeat(spans, sheet.EndStep);
        MergeBeatChords(sheet, perBeat);
    }

    /// <summary>Recognizes one chord per beat (4 steps) from sounding notes given in fractional steps.</summary>
    internal static ChordSymbol?[] ChordsPerBeat(IEnumerable<(double Start, double End, int Pitch)> notes, int endStep)
    {
        int beats = Math.Max(0, (endStep + 3) / 4);
        var weights = new double[beats, 12];
        var bass = new int[beats];
        Array.Fill(bass, int.MaxValue);
        foreach (var (start, end, pitch) in notes)
        {
            int first = Math.Max(0, (int)Math.Floor(start / 4));
            int last = Math.Min(beats - 1, (int)Math.Floor((end - 1e-6) / 4));
            for (int b = first; b <= last; b++)
            {
                double overlap = Math.Min(end, 4.0 * b + 4) - Math.Max(start, 4.0 * b);
                if (overlap <= 0) continue;
                weights[b, pitch % 12] += overlap;
                bass[b] = Math.Min(bass[b], pitch);
            }
        }
        var chords = new ChordSymbol?[beats];
        Span<double> profile = stackalloc double[12];
        for (int b = 0; b < beats; b++)
        {
            for (int pc = 0; pc < 12; pc++) profile[pc] = weights[b, pc];
            if (ChordRecognizer.TryRecognize(profile, bass[b] == int.MaxValue ? -1 : bass[b] % 12, out var chord))
                chords[b] = chord;
        }
        return chords;
    }

    /// <summary>
    /// Turns one chord per beat into chord events: equal neighbours merged, split at bar lines. Beat b starts at step
    /// <paramref name="originStep"/> + 4b.
    /// </summary>
    internal static void MergeBeatChords(LeadSheet sheet, ChordSymbol?[] perBeat, int originStep = 0)
    {
        int b = 0;
        while (b < perBeat.Length)
        {
            if (perBeat[b] is not { } chord) { b++; continue; }
            int e = b + 1;
            while (e < perBeat.Length && perBeat[e] == chord) e++;
            AddChordSplitAtBars(sheet, chord, originStep + 4 * b, originStep + 4 * e);
            b = e;
        }
    }

    internal static void AddChordSplitAtBars(LeadSheet sheet, ChordSymbol chord, int start, int end)
    {
        // Steps before 0 exist only in a live sheet whose first bar lies before the bar origin.
        int step = Math.Max(Math.Min(0, sheet.Bars.Count == 0 ? 0 : sheet.Bars[0].StartStep), start);
        while (step < end)
        {
            int bar = sheet.BarIndexAt(step);
            if (bar < 0) return;
            int segmentEnd = Math.Min(end, sheet.Bars[bar].EndStep);
            sheet.Chords.Add(new LeadChord(step, chord, segmentEnd - step));
            step = segmentEnd;
        }
    }
}
