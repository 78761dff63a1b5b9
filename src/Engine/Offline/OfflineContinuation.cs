using System.Diagnostics;
using AiCoPilot.Engine.Answering;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Offline;

/// <summary>
/// Continues a MIDI file, as `aicopilot continue` does: the file's melody (and chords) become the player's phrase,
/// the style model learns it, and the answer is written as the plug-in writes one (<see cref="AnswerPlan"/>,
/// <see cref="AnswerWriting"/>: the same prompt, first take, pool, choice, echo steering and originality guard), each
/// take appended after the file's last bar as a track of its own.
/// </summary>
public static class OfflineContinuation
{
    /// <param name="baseModel">The model the style is blended with, as in the plug-in (the neural model; or the corpus
    /// n-gram; null: the style alone).</param>
    /// <param name="library">What the style learned from the musician's own files (`--learn`), mixed in beside the
    /// file being continued (StyleWithLibrary). Null: the style knows only this file.</param>
    /// <param name="guard">The originality guard (the training corpus's index); null: off.</param>
    public static ContinuationResult Continue(MidiSong song, string? songPath, GenerationSettings settings,
        ITokenPredictor? baseModel = null, float adaptation = 0.5f, VariableOrderMarkovModel? library = null, OriginalityIndex? guard = null)
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

        // Continue after the last bar that holds music.
        int lastStep = Math.Max(
            sheet.Melody.Select(n => n.Step).DefaultIfEmpty(0).Max(),
            sheet.Chords.Select(c => c.Step).DefaultIfEmpty(0).Max());
        int lastBar = Math.Max(0, sheet.BarIndexAt(lastStep));
        while (sheet.Bars.Count > lastBar + 1) sheet.Bars.RemoveAt(sheet.Bars.Count - 1);
        int startStep = sheet.EndStep;

        var plan = AnswerPlan.For(sheet, startStep, key, settings);  // harmonizes the file first outside Melody mode
        var style = MarkovModels.CreateStyleModel();
        style.Train(Tokenizer.Encode(sheet).ToArray());  // as the plug-in learns a phrase: after the plan harmonized it
        var answer = new AnswerWriting(plan, new AnswerModels(style, baseModel, adaptation, library, guard), firstIsStreamed: true);

        var clock = Stopwatch.StartNew();
        var takes = answer.WriteAll();
        clock.Stop();
        int tokens = answer.Pool.Candidates.Sum(t => t.TokenCount);  // the whole pool was written

        var output = CopyWithTakes(song, extraction.Grid, takes, settings.Mode);
        return new ContinuationResult(output, takes, key, confidence, extraction.MelodySource, extraction.ChordSource,
            tokens > 0 ? clock.Elapsed.TotalSeconds / tokens : 0, answer.Pool.Count, TakeFigures.Of(takes, plan.PromptMelody),
            takes.Select(take => ReplaysTheSong(sheet, take)).ToArray());
    }

    // True when the take replays 8 consecutive notes of the song anywhere in it (transposed or not, with their rhythm),
    // carrying on from the song's last notes included: what a musician hears as their own music handed back. Stricter
    // than the answer's own steering, which looks at the phrase's last bars.
    private static bool ReplaysTheSong(LeadSheet sheet, Take take)
    {
        var melody = sheet.Melody.OrderBy(n => n.Step).Select(n => (n.Step, n.Pitch)).ToList();
        var index = OriginalityIndex.OfMelodies(new[] { melody });
        return index.HasRunIn(melody.TakeLast(OriginalityIndex.NoteCount - 1), take.Notes.Where(n => !n.FromChord).Select(n => (n.Step, n.Pitch)));
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
