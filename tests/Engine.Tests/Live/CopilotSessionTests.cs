using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Live;

namespace AiCoPilot.Engine.Tests.Live;

public class CopilotSessionTests
{
    private const long Second = 1_000_000_000;

    /// <summary>Plays a riff at 120 BPM (a quarter note is half a second), with clock records as the audio thread sends them.</summary>
    internal static void PlayRiff(CopilotSession session, double startPpq, int bars = 2)
    {
        int[] riff = { 60, 62, 64, 67 };
        for (int bar = 0; bar < bars; bar++)
            for (int q = 0; q < 4; q++)
            {
                double at = startPpq + bar * 4 + q;
                long nanos = (long)(at * 0.5 * Second);
                session.Handle(Clock(at), nanos);
                session.Handle(new LiveInput(LiveInputKind.NoteOn, at, 120, Math.Floor(at / 4) * 4, 4, 4, 0, riff[q], 90, true, 0), nanos);
                session.Handle(new LiveInput(LiveInputKind.NoteOff, at + 0.9, 120, Math.Floor(at / 4) * 4, 4, 4, 0, riff[q], 0, true, 0), nanos);
            }
    }

    internal static LiveInput Clock(double ppq) => new(LiveInputKind.Clock, ppq, 120, Math.Floor(ppq / 4) * 4, 4, 4, 0, 0, 0, true, 0);

    [Fact]
    public void A_phrase_ending_in_silence_is_answered_from_the_next_bar_line()
    {
        var sink = new ListSink();
        var session = new CopilotSession(sink) { Settings = new LiveSettings { Listen = new() { SilenceBeats = 1.5 }, Answer = new() { Bars = 2 } } };
        PlayRiff(session, 0);                                 // last note ends at 7.9 quarters
        session.Handle(Clock(8.5), (long)(8.5 * 0.5 * Second));
        session.PollAndWrite((long)(8.5 * 0.5 * Second));
        Assert.Empty(sink.Items);                             // 0.6 beats of silence: not yet
        session.Handle(Clock(9.5), (long)(9.5 * 0.5 * Second));
        session.PollAndWrite((long)(9.5 * 0.5 * Second));
        Assert.NotEmpty(sink.Items);
        var ons = sink.Items.Where(s => s.NoteOn).ToList();
        Assert.All(sink.Items, s => Assert.InRange(s.Ppq, 12.0, 20.0)); // bars 3 and 4 (the next bar line after 9.5 is 12)
        Assert.Equal(12.0, ons.Min(s => s.Ppq));
        Assert.Equal(sink.Items.Count(s => !s.NoteOn), ons.Count);      // every note-on has its note-off
        Assert.All(sink.Items, s => Assert.Equal(1u, s.Generation));
        Assert.Equal(1, session.Answers.PhraseCount);
        Assert.Equal(3, session.Answers.Takes.Count);
        // The phrase end, as heard: 7.9 + 1.5 beats at 120 BPM.
        Assert.InRange(sink.Items[0].PhraseEndNanos, (long)(9.4 * 0.5 * Second) - 1_000_000, (long)(9.4 * 0.5 * Second) + 1_000_000);
    }

    [Fact]
    public void A_trigger_answers_at_once_and_a_jump_changes_the_generation()
    {
        var sink = new ListSink();
        var session = new CopilotSession(sink) { Settings = new LiveSettings { Answer = new() { Trigger = AnswerTrigger.OnDemand } } };
        PlayRiff(session, 0, 1);
        session.Handle(Clock(20), 10 * Second);
        session.PollAndWrite(10 * Second);
        Assert.Empty(sink.Items);                              // on-demand: silence alone does not answer
        session.Handle(new LiveInput(LiveInputKind.Jump, 32, 120, 32, 4, 4, 0, 0, 0, true, 7), 11 * Second);
        PlayRiff(session, 32, 1);
        session.Handle(new LiveInput(LiveInputKind.Trigger, 36.5, 120, 36, 4, 4, 0, 0, 0, true, 0), 12 * Second);
        Assert.NotEmpty(sink.Items);
        Assert.All(sink.Items, s => Assert.Equal(7u, s.Generation));
        Assert.True(sink.Items.Min(s => s.Ppq) >= 40);
    }

    [Fact]
    public void Disabled_sessions_stay_silent_and_a_full_sink_is_counted_not_blocking()
    {
        var sink = new ListSink { Capacity = 3 };
        var session = new CopilotSession(sink) { Settings = new LiveSettings { Listen = new() { Enabled = false } } };
        PlayRiff(session, 0);
        session.Handle(Clock(12), 6 * Second);
        session.PollAndWrite(6 * Second);
        Assert.Empty(sink.Items);
        session.Settings = new LiveSettings();
        PlayRiff(session, 16);
        session.Handle(Clock(28), 14 * Second);
        session.PollAndWrite(14 * Second);
        Assert.Equal(3, sink.Items.Count);
        Assert.True(session.Notes.Dropped > 0);
    }

    [Fact]
    public void Style_survives_save_and_load_and_damaged_data_is_refused()
    {
        var session = new CopilotSession(new ListSink()) { Settings = new LiveSettings { Answer = new() { Mode = GenerationMode.Both } } };
        PlayRiff(session, 0);
        session.Handle(Clock(12), 6 * Second);
        session.PollAndWrite(6 * Second);
        Assert.True(session.Style.PlayedTokens > 10);
        byte[] saved = session.SaveStyle();
        var restored = new CopilotSession(new ListSink());
        Assert.True(restored.LoadStyle(saved, out _));
        Assert.Equal(session.Style.PlayedTokens, restored.Style.PlayedTokens);
        saved[saved.Length / 2] ^= 0xFF;
        Assert.False(restored.LoadStyle(saved, out string reason));
        Assert.Contains("checksum", reason);
        Assert.Equal(session.Style.PlayedTokens, restored.Style.PlayedTokens);  // the refused data changed nothing
    }

    [Fact]
    public void An_answer_prepared_in_the_last_half_beat_goes_out_at_once_and_is_the_same_answer()
    {
        List<Suggestion> Run(bool prepare, bool interrupt, out CopilotSession session)
        {
            var sink = new ListSink();
            session = new CopilotSession(sink) { Settings = new LiveSettings { Listen = new() { SilenceBeats = 1.5 }, Answer = new() { Bars = 2 } } };
            PlayRiff(session, 0);                        // the pause becomes a phrase end at 7.9 + 1.5 = 9.4
            if (prepare)
            {
                session.Handle(Clock(9.1), (long)(9.1 * 0.5 * Second));
                session.PollAndWrite((long)(9.1 * 0.5 * Second));
                Assert.Empty(sink.Items);                // prepared, not sent: the phrase has not ended
            }
            if (interrupt)
            {
                session.Handle(new LiveInput(LiveInputKind.NoteOn, 9.2, 120, 8, 4, 4, 0, 72, 90, true, 0), (long)(9.2 * 0.5 * Second));
                session.Handle(new LiveInput(LiveInputKind.NoteOff, 9.3, 120, 8, 4, 4, 0, 72, 0, true, 0), (long)(9.3 * 0.5 * Second));
            }
            session.Handle(Clock(11.0), (long)(11.0 * 0.5 * Second));
            session.PollAndWrite((long)(11.0 * 0.5 * Second));
            return sink.Items;
        }
        var direct = Run(prepare: false, interrupt: false, out var s1);
        var prepared = Run(prepare: true, interrupt: false, out var s2);
        Assert.Equal(0, s1.Answers.PreparedAnswers);
        Assert.Equal(1, s2.Answers.PreparedAnswers);
        Assert.Equal(direct.Select(x => (x.Ppq, x.Pitch, x.NoteOn)), prepared.Select(x => (x.Ppq, x.Pitch, x.NoteOn)));
        var interrupted = Run(prepare: true, interrupt: true, out var s3);
        Assert.Equal(0, s3.Answers.PreparedAnswers);             // a note in the pause made the prepared answer stale
        Assert.NotEmpty(interrupted);                     // answered when the longer phrase ended, at 9.3 + 1.5 = 10.8
        Assert.InRange(interrupted[0].PhraseEndNanos, (long)(10.8 * 0.5 * Second) - 1_000_000, (long)(10.8 * 0.5 * Second) + 1_000_000);
    }

    [Fact]
    public void An_idle_session_polled_every_millisecond_makes_almost_no_garbage()
    {
        // The engine thread polls a thousand times a second in every instance, for hours: garbage made there is what
        // fills a DAW's heap. Only the editor's clock refresh (ten times a second) may allocate.
        var session = new CopilotSession(new ListSink()) { Settings = new LiveSettings { Answer = new() { Bars = 1 } } };
        PlayRiff(session, 0);
        session.Handle(Clock(12), 6 * Second);
        session.PollAndWrite(6 * Second);
        Assert.Equal(1, session.Answers.PhraseCount);
        for (int ms = 0; ms < 100; ms++) session.Poll(6 * Second + ms * 1_000_000L);  // warm
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int ms = 100; ms < 1100; ms++)
        {
            long now = 6 * Second + ms * 1_000_000L;
            if (ms % 50 == 0) session.Handle(Clock(12 + ms / 500.0), now);
            session.Poll(now);
        }
        long perSecond = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(perSecond, 0, 2048);
    }

    /// <summary>Four bars of a right-hand line over left-hand block chords (C, Am, F, G), at 120 BPM.</summary>
    private static void PlayTwoHands(CopilotSession session)
    {
        int[][] chords = { new[] { 48, 52, 55 }, new[] { 45, 48, 52 }, new[] { 41, 45, 48 }, new[] { 43, 47, 50 } };
        int[] line = { 72, 74, 76, 79, 76, 72, 69, 72, 77, 76, 74, 72, 71, 74, 79, 77 };
        var events = new List<(double At, bool On, int Pitch)>();
        for (int bar = 0; bar < 4; bar++)
            foreach (int p in chords[bar]) { events.Add((bar * 4, true, p)); events.Add((bar * 4 + 3.8, false, p)); }
        for (int q = 0; q < line.Length; q++) { events.Add((q + 0.01, true, line[q])); events.Add((q + 0.9, false, line[q])); }
        foreach (var (at, on, pitch) in events.OrderBy(e => e.At))
        {
            long nanos = (long)(at * 0.5 * Second);
            session.Handle(Clock(at), nanos);
            session.Handle(new LiveInput(on ? LiveInputKind.NoteOn : LiveInputKind.NoteOff, at, 120, Math.Floor(at / 4) * 4, 4, 4, 0, pitch, on ? 90 : 0, true, 0), nanos);
        }
        session.Handle(Clock(18), 9 * Second);
        session.PollAndWrite(9 * Second);
    }

    [Fact]
    public void A_two_handed_phrase_in_melody_mode_is_answered_with_a_line()
    {
        var session = new CopilotSession(new ListSink()) { Settings = new LiveSettings { Answer = new() { Mode = GenerationMode.Melody, Variations = 4 } } };
        PlayTwoHands(session);
        Assert.Equal(1, session.Answers.PhraseCount);
        // The model reads what it was trained on: the top line as melody, the left hand as chord symbols.
        var context = session.Answers.LastPhrase!.Context;
        Assert.Equal(16, context.Melody.Count);
        Assert.Equal(new[] { "C", "Am", "F", "G" }, context.Chords.TakeLast(4).Select(c => c.Chord.ToString()));
        Assert.All(session.Answers.Takes, take =>
        {
            Assert.NotEmpty(take.Notes);
            Assert.DoesNotContain(take.Notes, n => n.FromChord);
            Assert.Equal(take.Notes.Count, take.Notes.Select(n => n.Step).Distinct().Count());  // no two notes at once
        });
    }

    [Fact]
    public void A_two_handed_phrase_in_harmony_mode_is_answered_with_chords()
    {
        var session = new CopilotSession(new ListSink()) { Settings = new LiveSettings { Answer = new() { Mode = GenerationMode.Harmony } } };
        PlayTwoHands(session);
        Assert.All(session.Answers.Takes, take =>
        {
            Assert.NotEmpty(take.Notes);
            Assert.All(take.Notes, n => Assert.True(n.FromChord));
        });
    }
}
