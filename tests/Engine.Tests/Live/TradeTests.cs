using AiCoPilot.Engine.Live;

namespace AiCoPilot.Engine.Tests.Live;

/// <summary>
/// Trading bars through the live session, on a simulated clock (blocks of a 64th of a beat at 120 BPM, the engine
/// polled after each, as the plug-in's engine thread is): the co-pilot answers on its turns, on the downbeat, decided
/// before it, never in the player's turns; it yields when the player plays into its turn.
/// </summary>
public class TradeTests
{
    private const double Block = 1.0 / 64;
    private const double NanosPerBeat = 0.5e9;

    /// <summary>A suggestion and where the music was when the session sent it.</summary>
    private sealed record Sent(Suggestion Suggestion, double SentAtPpq);

    private sealed class TimedSink : ISuggestionSink
    {
        public double Now;
        public List<Sent> Items { get; } = new();
        public bool TryEmit(in Suggestion s) { Items.Add(new Sent(s, Now)); return true; }
    }

    // The riff of CopilotSessionTests, a quarter note each, through the given bars.
    private static IEnumerable<(double On, int Pitch)> Riff(int fromBar, int bars)
    {
        int[] riff = { 60, 62, 64, 67 };
        for (int bar = fromBar; bar < fromBar + bars; bar++)
            for (int q = 0; q < 4; q++) yield return (bar * 4 + q, riff[q]);
    }

    private static List<Sent> Play(LiveSettings settings, IEnumerable<(double On, int Pitch)> notes, double until, out CopilotSession session,
        double? jumpAt = null)
    {
        var sink = new TimedSink();
        session = new CopilotSession(sink) { Settings = settings };
        var events = notes.SelectMany(n => new[] { (At: n.On, On: true, n.Pitch), (At: n.On + 0.9, On: false, n.Pitch) })
            .OrderBy(e => e.At).ThenBy(e => e.On).ToList();
        int next = 0;
        uint generation = 1;
        for (double t = 0; t < until; t += Block)
        {
            sink.Now = t;
            long nanos = (long)(t * NanosPerBeat);
            if (jumpAt is { } j && t >= j && generation == 1)
            {
                generation = 2;
                session.Handle(new LiveInput(LiveInputKind.Jump, t, 120, Math.Floor(t / 4) * 4, 4, 4, 0, 0, 0, true, generation), nanos);
            }
            session.Handle(new LiveInput(LiveInputKind.Clock, t, 120, Math.Floor(t / 4) * 4, 4, 4, 0, 0, 0, true, 0), nanos);
            for (; next < events.Count && events[next].At < t + Block; next++)
            {
                var e = events[next];
                session.Handle(new LiveInput(e.On ? LiveInputKind.NoteOn : LiveInputKind.NoteOff, e.At, 120, Math.Floor(e.At / 4) * 4, 4, 4, 0, e.Pitch, e.On ? 90 : 0, true, 0), nanos);
            }
            session.Poll((long)((t + Block) * NanosPerBeat));
            sink.Now = t + Block;
            session.FinishWriting();
        }
        return sink.Items;
    }

    private static LiveSettings Trading(TradeLength length, PlayAlongMode playAlong = PlayAlongMode.Off) =>
        new() { Answer = new() { Trade = length }, PlayAlong = new() { PlayAlong = playAlong } };

    private static List<Sent> AnswerOns(List<Sent> sent) => sent.Where(s => s.Suggestion.NoteOn && s.Suggestion.Role == SuggestionRole.Answer).ToList();

    [Fact]
    public void Trading_fours_answers_on_the_copilots_turns_only_on_the_downbeat_and_decided_before_it()
    {
        // Player: bars 0-3 and 8-11; bars 16-19 left silent, so trading stops there.
        var sent = Play(Trading(TradeLength.FourBars), Riff(0, 4).Concat(Riff(8, 4)), until: 96, out var session);
        var ons = AnswerOns(sent);
        Assert.NotEmpty(ons);
        Assert.All(ons, s => Assert.True(s.Suggestion.Ppq is >= 16 and < 32 or >= 48 and < 64, $"an answer note at {s.Suggestion.Ppq}, in the player's turn"));
        foreach (double downbeat in new[] { 16.0, 48.0 })
        {
            var turn = ons.Where(s => s.Suggestion.Ppq >= downbeat && s.Suggestion.Ppq < downbeat + 16).ToList();
            Assert.NotEmpty(turn);
            double first = turn.Min(s => s.Suggestion.Ppq);
            Assert.True(first < downbeat + 4, $"the turn from {downbeat} opens with a whole bar of rest ({first})");
            Assert.Equal(0, (first - downbeat) * 4 % 1, 9);  // on the sixteenth grid from its downbeat
            // Every note was sent before it sounds; the turn's first before its downbeat.
            Assert.All(turn, s => Assert.True(s.SentAtPpq < s.Suggestion.Ppq, $"the note at {s.Suggestion.Ppq} was sent at {s.SentAtPpq}"));
            Assert.True(turn.Min(s => s.SentAtPpq) < downbeat);
        }
        var offs = sent.Where(s => !s.Suggestion.NoteOn && s.Suggestion.Role == SuggestionRole.Answer).ToList();
        Assert.All(offs, s => Assert.True(s.Suggestion.Ppq <= (s.Suggestion.Ppq < 40 ? 32 : 64) + NoteEmitter.ShortestBeats,
            $"an answer note ends at {s.Suggestion.Ppq}, in the player's turn"));
        Assert.Equal(2, session.Trade.Answers);
        Assert.Equal(0, session.Trade.LateAnswers);
        Assert.All(session.Trade.DecisionLeadBeats, lead => Assert.InRange(lead, 0.2, 0.3));  // "Commit ahead", 0.25 beat
        Assert.Equal(0, session.Answers.PreparedAnswers);  // no answer after a silence while trading
        // The same leads in milliseconds at 120 BPM (500 ms a beat), as the engine's typed figures carry them.
        var (min, p1, p50) = session.Trade.LeadMilliseconds;
        Assert.Equal(session.Trade.DecisionLeadBeats.Min() * 500, min, 6);
        Assert.Equal(min, p1, 6);  // two answers: the 1st percentile is the smaller
        Assert.InRange(p50, min, session.Trade.DecisionLeadBeats.Max() * 500 + 1e-6);
    }

    [Fact]
    public void Without_a_trade_answer_there_is_no_lead()
    {
        var session = new CopilotSession(new TimedSink()) { Settings = Trading(TradeLength.FourBars) };
        Assert.Equal((-1.0, -1.0, -1.0), session.Trade.LeadMilliseconds);
    }

    [Fact]
    public void A_player_who_plays_into_the_copilots_turn_takes_it_back_at_the_next_beat()
    {
        // The player answers the answer half way through the co-pilot's first bar.
        var notes = Riff(0, 4).Append((17.5, 72));
        var sent = Play(Trading(TradeLength.FourBars), notes, until: 34, out var session);
        Assert.Equal(1, session.Trade.Yields);
        var ons = AnswerOns(sent);
        Assert.All(ons.Where(s => s.Suggestion.Ppq < 32), s => Assert.True(s.Suggestion.Ppq < 18, $"a note at {s.Suggestion.Ppq} after the yield"));
        // Every answer note still sounding at the cut stops there.
        var offs = sent.Where(s => !s.Suggestion.NoteOn && s.Suggestion.Role == SuggestionRole.Answer).ToList();
        foreach (var on in ons.Where(s => s.Suggestion.Ppq < 18))
        {
            var own = offs.Where(o => o.Suggestion.Pitch == on.Suggestion.Pitch && o.Suggestion.Ppq > on.Suggestion.Ppq).Min(o => o.Suggestion.Ppq);
            Assert.True(own <= 18 + 1e-9, $"the note at {on.Suggestion.Ppq} sounds until {own}, past the yield at 18");
        }
        // The count starts again from the player's bar (16): their turn ends at 32, where the co-pilot answers again.
        Assert.Contains(ons, s => s.Suggestion.Ppq >= 32);
    }

    [Fact]
    public void A_jump_in_the_copilots_turn_leaves_nothing_to_sound()
    {
        var sent = Play(Trading(TradeLength.TwoBars), Riff(0, 2), until: 20, out var session, jumpAt: 8.5);
        Assert.All(AnswerOns(sent), s => Assert.True(s.Suggestion.Generation == 2 || s.Suggestion.Ppq < 8.5 + TurnNotes.SendAheadBeats + 1e-9,
            $"a note at {s.Suggestion.Ppq} of the old generation sent after the jump"));
        Assert.DoesNotContain(sent, s => s.SentAtPpq > 8.5 && s.Suggestion.Role == SuggestionRole.Answer);
    }

    [Fact]
    public void Trading_and_play_along_together_keep_the_chords_under_both_turns()
    {
        var sent = Play(Trading(TradeLength.TwoBars, PlayAlongMode.Chords), Riff(0, 2).Concat(Riff(4, 2)), until: 24, out _);
        var chords = sent.Where(s => s.Suggestion.NoteOn && s.Suggestion.Role == SuggestionRole.Accompaniment).Select(s => s.Suggestion.Ppq).ToList();
        Assert.Contains(chords, c => c is >= 4 and < 8);   // under the player's turn... and the co-pilot's
        Assert.Contains(AnswerOns(sent), s => s.Suggestion.Ppq is >= 8 and < 16);
    }
}
