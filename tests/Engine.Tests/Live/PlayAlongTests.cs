using AiCoPilot.Engine.Accompaniment;
using AiCoPilot.Engine.Evaluation;
using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Tests.Live;

public class PlayAlongTests
{
    private static readonly LiveSettings PlayAlongOnly = new() { PlayAlong = new() { PlayAlong = PlayAlongMode.Chords }, Answer = new() { Trigger = AnswerTrigger.OnDemand } };

    private static LeadSheet Melody(int bars = 8)
    {
        var sheet = LeadSheetExtractor.Extract(Fixtures.MelodyOverChords()).Sheet;
        var melodyOnly = new LeadSheet();
        melodyOnly.Bars.AddRange(sheet.Bars.Take(bars));
        melodyOnly.Melody.AddRange(sheet.Melody.Where(n => n.Step < bars * 16));
        return melodyOnly;
    }

    private static List<SoundingNote> Accompaniment(PlayAlongSimulation.Result result, int channel = 15) =>
        PlayAlongMetrics.Pair(result.Suggestions.Where(s => s.Role == SuggestionRole.Accompaniment && s.Channel == channel).Select(s => (s.Ppq, s.NoteOn, s.Pitch)));

    [Fact]
    public void The_model_accompanies_a_melody_on_the_downbeats_decided_ahead_and_stops_after_the_player()
    {
        using var model = new NeuralPredictor(NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath));
        var melody = Melody();
        var result = PlayAlongSimulation.Run(melody, PlayAlongOnly, model, tailBeats: 16);
        var notes = Accompaniment(result);

        Assert.NotEmpty(notes);
        Assert.All(result.Suggestions, s => { Assert.Equal(SuggestionRole.Accompaniment, s.Role); Assert.Equal(15, s.Channel); });  // play-along only: nothing answers
        Assert.Equal(result.Suggestions.Count(s => s.NoteOn), result.Suggestions.Count(s => !s.NoteOn));
        Assert.All(notes, n => Assert.Equal(0, n.OnPpq * 4 % 1, 6));           // every note-on on the sixteenth grid
        Assert.All(notes, n => Assert.InRange(n.Pitch, 55 - 12, 55 + 12));      // the middle register
        var metrics = PlayAlongMetrics.Measure(melody, notes);
        Assert.True(metrics.Coverage >= 0.9, $"downbeats covered {metrics.Coverage:P0}");
        // A random triad holds about a quarter of the onsets; the fixture is a scale run with passing notes.
        Assert.True(metrics.NoteInChord >= 0.4, $"note-in-chord {metrics.NoteInChord:P0}");
        Assert.True(metrics.DistinctChords >= 2, "the chords move");
        Assert.True(result.StyleTokens > 100, $"the style learned {result.StyleTokens} tokens of what was played");
        // Decided "Commit ahead" (a quarter of a beat) before each chord starts, within one polling block.
        Assert.All(result.LeadBeats, lead => Assert.InRange(lead, 0.25 - 1.0 / 64 - 1e-9, 0.25 + 1e-9));
        // The melody's last note ends just before 32 quarters. Play-along plays on through "Play along stops after"
        // (8 beats) of silence: the chord committed at 39.75 for the bar line at 40 is the last one, and it ends by the
        // bar line after it; the run goes on to 48.
        Assert.Equal(8, PlayAlongOnly.PlayAlong.StopAfter);
        Assert.Equal(40, notes.Max(n => n.OnPpq), 6);
        Assert.True(notes.Max(n => n.OffPpq) <= 44 + 1e-9, $"last accompaniment note ends at {notes.Max(n => n.OffPpq)}");
    }

    /// <summary>A melody that breathes: in bars 3 and 6 (from 0) it stops after one beat and rests three, then the next
    /// phrase comes in on the downbeat, as a singer's phrase ends and the next begins.</summary>
    private static LeadSheet Breathing()
    {
        var sheet = new LeadSheet();
        sheet.ExtendBars(10 * 16);
        int[] line = { 64, 65, 67, 72, 71, 69, 67, 65, 64, 62, 60, 62, 64, 67, 65, 64 };
        for (int bar = 0; bar < 10; bar++)
            for (int beat = 0; beat < (bar is 3 or 6 ? 1 : 4); beat++)
                sheet.Melody.Add(new LeadNote(bar * 16 + beat * 4, line[(bar * 4 + beat) % line.Length], 4, 80));
        return sheet;
    }

    [Fact]
    public void Play_along_plays_through_the_breaths_with_a_chord_decided_at_each_phrase_end()
    {
        using var model = new NeuralPredictor(NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath));
        var melody = Breathing();
        var result = PlayAlongSimulation.Run(melody, PlayAlongOnly, model, tailBeats: 16);
        var notes = Accompaniment(result);
        // Every downbeat sounds, those after the breaths (16 and 28 quarters) too, each with a chord of its own struck
        // on it: the model's chord at the phrase's end, decided ahead like the others, not the chord before held on.
        var metrics = PlayAlongMetrics.Measure(melody, notes);
        Assert.Equal(1.0, metrics.Coverage);
        Assert.Equal(2, metrics.Rests);
        Assert.Equal(0, metrics.DownbeatsAfterInterludes);
        foreach (double downbeat in new[] { 16.0, 28.0 })
            Assert.Contains(notes, n => Math.Abs(n.OnPpq - downbeat) < 1e-9);
        Assert.All(result.LeadBeats, lead => Assert.InRange(lead, 0.25 - 1.0 / 64 - 1e-9, 0.25 + 1e-9));
        // After the last note (it ends at 40) the band plays on for 8 beats and then stops.
        Assert.Equal(48, notes.Max(n => n.OnPpq), 6);

        // Stopping with the phrase (as play-along did before it had its own silence) leaves those downbeats bare.
        var stopping = PlayAlongOnly with { PlayAlong = PlayAlongOnly.PlayAlong with { StopAfter = 1.5 } };
        var before = Accompaniment(PlayAlongSimulation.Run(melody, stopping, model, tailBeats: 16));
        Assert.Equal(0, PlayAlongMetrics.MaskAt(before, 16 + PlayAlongMetrics.Listen));
        Assert.Equal(0, PlayAlongMetrics.MaskAt(before, 28 + PlayAlongMetrics.Listen));
        Assert.True(PlayAlongMetrics.Measure(melody, before).Coverage < 1.0);
    }

    [Fact]
    public void After_a_long_silence_it_stops_and_a_player_coming_back_just_before_a_downbeat_brings_its_chord_in()
    {
        using var model = new NeuralPredictor(NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath));
        // Four bars, twelve beats of silence (an interlude: longer than "Play along stops after"), a pickup a sixteenth
        // before the downbeat of bar 8 (at its commit point, 31.75), then two more bars.
        var sheet = new LeadSheet();
        sheet.ExtendBars(10 * 16);
        int[] line = { 60, 62, 64, 65, 67, 65, 64, 62 };
        for (int q = 0; q < 16; q++) sheet.Melody.Add(new LeadNote(q * 4, line[q % 8], 4, 80));
        sheet.Melody.Add(new LeadNote(127, 67, 1, 80));
        for (int q = 32; q < 40; q++) sheet.Melody.Add(new LeadNote(q * 4, line[q % 8], 4, 80));
        var result = PlayAlongSimulation.Run(sheet, PlayAlongOnly, model);
        var notes = Accompaniment(result);
        // The silence stopped it: no chord sounds from 16 + 8 beats (the chord decided at 23.75 for 24 is the last) to 32.
        Assert.DoesNotContain(notes, n => n.OnPpq > 24 + 1e-9 && n.OnPpq < 32 - 1e-9);
        Assert.Contains(notes, n => Math.Abs(n.OnPpq - 24) < 1e-9);
        // The pickup came at 32's commit point: the chord of 32 is decided as soon as it is heard, still ahead of it.
        Assert.Contains(notes, n => Math.Abs(n.OnPpq - 32) < 1e-9);
        Assert.Contains(result.LeadBeats, lead => lead >= PlayAlongOnly.PlayAlong.CommitAhead / 2 && lead < PlayAlongOnly.PlayAlong.CommitAhead - 1e-9);
        Assert.All(result.LeadBeats, lead => Assert.True(lead > 0));
        // The downbeat of bar 7 (28) is the only one the melody reaches after an interlude; every other one sounds.
        var metrics = PlayAlongMetrics.Measure(sheet, notes);
        Assert.Equal(1, metrics.DownbeatsAfterInterludes);
        Assert.Equal(1.0, metrics.BreathCoverage);
        Assert.True(metrics.Coverage < 1.0);
    }

    [Fact]
    public void A_transport_stop_ends_play_along_at_once()
    {
        using var model = new NeuralPredictor(NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath));
        var sink = new ListSink();
        var session = new CopilotSession(sink) { Settings = PlayAlongOnly };
        session.UseModels(answers: null, playAlong: model, guard: null);
        const double nanosPerBeat = 0.5e9;
        void Clock(double ppq, bool playing = true) =>
            session.Handle(new LiveInput(LiveInputKind.Clock, ppq, 120, Math.Floor(ppq / 4) * 4, 4, 4, 0, 0, 0, playing, 0), (long)(ppq * nanosPerBeat));
        void Run(double from, double to)
        {
            for (double t = from; t < to; t += 1.0 / 64)
            {
                Clock(t);
                session.Poll((long)((t + 1.0 / 64) * nanosPerBeat));
            }
        }
        for (int beat = 0; beat < 16; beat++)
        {
            Run(beat, beat + 0.01);
            session.Handle(new LiveInput(LiveInputKind.NoteOn, beat + 0.01, 120, beat / 4 * 4, 4, 4, 0, 60 + beat % 8, 80, true, 0), (long)((beat + 0.01) * nanosPerBeat));
            Run(beat + 0.01, beat + 0.9);
            session.Handle(new LiveInput(LiveInputKind.NoteOff, beat + 0.9, 120, beat / 4 * 4, 4, 4, 0, 60 + beat % 8, 0, true, 0), (long)((beat + 0.9) * nanosPerBeat));
            Run(beat + 0.9, beat + 1);
        }
        Run(16, 17);                                           // the chord of bar 4 was decided at 15.75
        int decided = sink.Items.Count;
        Assert.Contains(sink.Items, s => s.NoteOn && s.Ppq == 16);
        // The transport stops in the silence, well before "Play along stops after": nothing more is decided.
        session.Handle(new LiveInput(LiveInputKind.Jump, 17, 120, 16, 4, 4, 0, 0, 0, false, 2), (long)(17 * nanosPerBeat));
        Run(17, 30);
        Assert.Equal(decided, sink.Items.Count);
    }

    [Fact]
    public void Chords_plus_bass_adds_the_root_below_and_the_pulse_strikes_every_beat()
    {
        using var model = new NeuralPredictor(NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath));
        var settings = PlayAlongOnly with { PlayAlong = new() { PlayAlong = PlayAlongMode.ChordsAndBass, AccompanimentPattern = AccompanimentPattern.Pulse, AccompanimentChannel = 3 } };
        var result = PlayAlongSimulation.Run(Melody(), settings, model);
        var notes = Accompaniment(result, 3);
        var bass = notes.Where(n => n.Pitch < 40).ToList();
        Assert.NotEmpty(bass);
        Assert.All(bass, b => Assert.Contains(notes, n => n.Pitch >= 40 && n.OnPpq == b.OnPpq && n.Pitch % 12 == b.Pitch % 12));
        var onsets = notes.Select(n => n.OnPpq).Distinct().ToList();
        Assert.All(onsets, on => Assert.Equal(0, on % 1, 6));                    // on the beats
        Assert.True(onsets.Count >= 4 * 5, $"{onsets.Count} strikes");          // about every beat from bar 2 on
    }

    [Fact]
    public void In_three_four_chords_change_only_on_bar_lines()
    {
        using var model = new NeuralPredictor(NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath));
        var waltz = new LeadSheet();
        int[] line = { 67, 64, 64, 65, 62, 62, 60, 64, 67, 72, 71, 69, 67, 65, 64, 62, 60, 62 };
        for (int bar = 0; bar < 12; bar++)
        {
            waltz.Bars.Add(new LeadBar(bar * 12, 3, 4));
            for (int beat = 0; beat < 3; beat++) waltz.Melody.Add(new LeadNote(bar * 12 + beat * 4, line[(bar * 3 + beat) % line.Length], 3, 80));
        }
        var notes = Accompaniment(PlayAlongSimulation.Run(waltz, PlayAlongOnly, model));
        Assert.NotEmpty(notes);
        Assert.All(notes, n => Assert.Equal(0, n.OnPpq % 3, 6));  // a 3/4 bar is 3 quarters; its middle is no place for a chord
    }

    [Fact]
    public void Without_a_model_the_chord_of_the_bar_just_played_accompanies_the_next()
    {
        var result = PlayAlongSimulation.Run(Melody(), PlayAlongOnly, model: null);
        var notes = Accompaniment(result);
        Assert.NotEmpty(notes);
        Assert.True(PlayAlongMetrics.Measure(Melody(), notes).Coverage >= 0.9);
    }

    [Fact]
    public void Off_plays_nothing()
    {
        using var model = new NeuralPredictor(NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath));
        var result = PlayAlongSimulation.Run(Melody(), PlayAlongOnly with { PlayAlong = new() { PlayAlong = PlayAlongMode.Off } }, model);
        Assert.Empty(result.Suggestions);
        Assert.Equal(0, result.StyleTokens);  // answers on demand and none asked for: nothing learned either
    }

    [Fact]
    public void Voicings_move_as_little_as_they_can_and_stay_in_the_register()
    {
        var c = ChordVoicer.Voice(new ChordSymbol(0, ChordQuality.Major), AccompanimentRegister.Middle, ReadOnlySpan<int>.Empty);
        var f = ChordVoicer.Voice(new ChordSymbol(5, ChordQuality.Major), AccompanimentRegister.Middle, c);
        Assert.Equal(3, c.Length);
        Assert.All(c.Concat(f), p => Assert.InRange(p, 55 - 9, 55 + 9));
        // C to F by voice leading keeps the common tone (C) and moves the others by a step or two.
        Assert.Contains(c.Intersect(f), p => p % 12 == 0);
        int moved = f.Sum(p => c.Min(q => Math.Abs(p - q)));
        Assert.True(moved <= 3, $"moved {moved} semitones: {string.Join(",", c)} -> {string.Join(",", f)}");
        Assert.Equal(new[] { 0, 4, 7 }.ToHashSet(), c.Select(p => p % 12).ToHashSet());
        Assert.InRange(ChordVoicer.Bass(new ChordSymbol(7, ChordQuality.Major), AccompanimentRegister.Middle), 36, 47);
    }

    [Fact]
    public void Rhythms_cover_the_span_and_the_left_hand_keeps_the_downbeat()
    {
        Assert.Equal(new[] { (0, 16) }, AccompanimentRhythm.Strikes(AccompanimentPattern.Block, 16, 4, null));
        Assert.Equal(new[] { (0, 4), (4, 4), (8, 4), (12, 4) }, AccompanimentRhythm.Strikes(AccompanimentPattern.Pulse, 16, 4, null));
        Assert.Equal(new[] { (0, 6), (6, 10) }, AccompanimentRhythm.Strikes(AccompanimentPattern.LeftHand, 16, 4, new[] { 6 }));
        Assert.Equal(new[] { (0, 16) }, AccompanimentRhythm.Strikes(AccompanimentPattern.LeftHand, 16, 4, Array.Empty<int>()));
        Assert.Equal(6, AccompanimentRhythm.BeatSteps(6, 8));
    }
}
