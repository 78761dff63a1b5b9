using System.Diagnostics;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Offline;

/// <summary>
/// Continues a MIDI file, as `aicopilot continue` does: the file's melody (and chords) become the player's phrase,
/// the style model learns it, and each variation is appended after the file's last bar as a track of its own.
/// </summary>
public static class OfflineContinuation
{
    /// <param name="library">What the style learned from the musician's own files (`--learn`), mixed in beside the
    /// file being continued (StyleWithLibrary). Null: the style knows only this file.</param>
    public static ContinuationResult Continue(MidiSong song, string? songPath, GenerationSettings settings,
        VariableOrderMarkovModel? corpusModel = null, float adaptation = 0.5f, VariableOrderMarkovModel? library = null)
    {
        settings = settings.Sanitized();
        var extraction = LeadSheetExtractor.Extract(song, songPath);
        var sheet = extraction.Sheet;
        if (sheet.Melody.Count == 0 && sheet.Chords.Count == 0)
            throw new InvalidDataException("the file has no notes to continue");

        Span<double> histogram = stackalloc double[12];
        foreach (var n in sheet.Melody) histogram[n.Pitch % 12] += n.DurationSteps;
        foreach (var c in sheet.Chords)
            foreach (int i in c.Chord.IntervalsAboveRoot) histogram[(c.Chord.Root + i) % 12] += c.DurationSteps * 0.5;
        double confidence = 1;
        var key = settings.Key ?? KeyEstimator.Estimate(histogram, out confidence);
        if (settings.Mode != GenerationMode.Melody) Harmonizer.AddChords(sheet, key);

        // Continue after the last bar that holds music.
        int lastStep = Math.Max(
            sheet.Melody.Select(n => n.Step).DefaultIfEmpty(0).Max(),
            sheet.Chords.Select(c => c.Step).DefaultIfEmpty(0).Max());
        int lastBar = Math.Max(0, sheet.BarIndexAt(lastStep));
        while (sheet.Bars.Count > lastBar + 1) sheet.Bars.RemoveAt(sheet.Bars.Count - 1);
        int startStep = sheet.EndStep;

        var style = MarkovModels.CreateStyleModel();
        style.Train(Tokenizer.Encode(sheet).ToArray());
        var composer = new ContinuationComposer(style, corpusModel is null ? null : new MarkovPredictor(corpusModel), adaptation, library);

        var clock = Stopwatch.StartNew();
        var takes = composer.Compose(sheet, startStep, key, settings);
        clock.Stop();
        int tokens = composer.LastPool?.Candidates.Sum(t => t.TokenCount) ?? takes.Sum(t => t.TokenCount);  // the whole pool was written

        var output = CopyWithTakes(song, extraction.Grid, takes, settings.Mode);
        return new ContinuationResult(output, takes, key, confidence, extraction.MelodySource, extraction.ChordSource,
            tokens > 0 ? clock.Elapsed.TotalSeconds / tokens : 0);
    }

    private static MidiSong CopyWithTakes(MidiSong song, StepGrid grid, IReadOnlyList<Take> takes, GenerationMode mode)
    {
        var output = new MidiSong(song.TicksPerQuarter);
        output.Tempos.AddRange(song.Tempos);
        output.TimeSignatures.AddRange(song.TimeSignatures);
        output.Tracks.AddRange(song.Tracks);
        foreach (var (take, shown) in takes.Select((t, i) => (t, i)))
        {
            var track = new MidiTrack($"AiCoPilot take {shown + 1} ({mode.ToString().ToLowerInvariant()})");
            foreach (var n in take.Notes)
            {
                long start = grid.StepToTick(n.Step);
                long end = grid.StepToTick(n.Step + n.DurationSteps);
                track.Notes.Add(new MidiNote(n.Pitch, Math.Clamp(n.Velocity, 1, 127), n.FromChord ? 1 : 0, Math.Max(0, start), Math.Max(1, end - start)));
            }
            track.Notes.Sort(MidiSongConverter.CompareNotes);
            output.Tracks.Add(track);
        }
        return output;
    }
}
