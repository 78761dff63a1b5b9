using AiCoPilot.Engine.Live;
using AiCoPilot.Plugin.Editor;

namespace AiCoPilot.Engine.Tests.Live;

/// <summary>What the editor's buttons do to a live session: audition, accept, regenerate, delete, suggest now.</summary>
public class TakeCommandTests
{
    private const long Second = 1_000_000_000;
    private static long At(double ppq) => (long)(ppq * 0.5 * Second);  // 120 BPM

    // A session that has answered a riff: takes exist, the first streamed from bar 3 (ppq 12).
    private static (CopilotSession Session, ListSink Sink) Answered(float temperature = 1)
    {
        var sink = new ListSink();
        var session = new CopilotSession(sink) { Settings = new LiveSettings { Listen = new() { SilenceBeats = 1.5 }, Answer = new() { Bars = 2, Variations = 3, Temperature = temperature } } };
        CopilotSessionTests.PlayRiff(session, 0);
        session.Handle(CopilotSessionTests.Clock(9.5), At(9.5));
        session.PollAndWrite(At(9.5));
        Assert.Equal(3, session.Answers.Takes.Count);
        return (session, sink);
    }

    private static void RunAt(CopilotSession session, double ppq)
    {
        session.Handle(CopilotSessionTests.Clock(ppq), At(ppq));
        session.PollAndWrite(At(ppq));
    }

    // The editor's picture of the session's snapshot: notes where they play.
    private static EditorPicture View(CopilotSession session) => EditorPicture.Of(session.Snapshot);

    [Fact]
    public void The_editors_picture_shows_the_phrase_and_the_takes_where_they_play()
    {
        var (session, _) = Answered();
        var view = View(session);
        Assert.Equal(8, view.Phrase.Count);
        Assert.Equal(3, view.Takes.Count);
        Assert.Equal(12.0, view.TakesStartPpq);
        Assert.Equal(0, view.PlayingTake);
        Assert.Equal(12.0, view.PlayingFromPpq);
        Assert.All(view.Takes, t => Assert.All(t, n => Assert.InRange(n.StartPpq, 12.0, 20.0)));
        Assert.Equal(session.Answers.Takes[1].Notes.Count, view.Takes[1].Count);
    }

    [Fact]
    public void Audition_plays_a_take_on_the_preview_synth_only_from_the_next_beat()
    {
        var (session, sink) = Answered();
        sink.Items.Clear();
        session.Post(new TakeCommand(TakeCommandKind.Audition, 1));
        RunAt(session, 21.3);
        Assert.NotEmpty(sink.Items);
        Assert.All(sink.Items, s => Assert.True(s.Role == SuggestionRole.Preview, "an audition never reaches the MIDI output"));
        Assert.All(sink.Items, s => Assert.Equal(1, s.Take));
        Assert.Equal(session.Answers.Takes[1].Notes.Count, sink.Items.Count(s => s.NoteOn));
        // The take's first note keeps its place in the bar, counted from the next beat (22).
        double offset = View(session).Takes[1].Min(n => n.StartPpq) - 12.0;
        Assert.Equal(22.0 + offset, sink.Items.Where(s => s.NoteOn).Min(s => s.Ppq), 6);
        Assert.Equal(1, View(session).PlayingTake);
        Assert.True(View(session).PlayingIsPreview);
    }

    [Fact]
    public void Accept_sends_a_take_to_the_midi_output_from_the_next_bar()
    {
        var (session, sink) = Answered();
        sink.Items.Clear();
        session.Post(new TakeCommand(TakeCommandKind.Accept, 2));
        RunAt(session, 21.3);
        Assert.NotEmpty(sink.Items);
        Assert.All(sink.Items, s => Assert.NotEqual(SuggestionRole.Preview, s.Role));
        double offset = View(session).Takes[2].Min(n => n.StartPpq) - 12.0;
        Assert.Equal(24.0 + offset, sink.Items.Where(s => s.NoteOn).Min(s => s.Ppq), 6);  // bar 7 starts at 24
        Assert.Equal(sink.Items.Count(s => s.NoteOn), sink.Items.Count(s => !s.NoteOn));
        Assert.False(View(session).PlayingIsPreview);
    }

    [Fact]
    public void Delete_and_regenerate_change_the_takes_and_a_bad_index_changes_nothing()
    {
        var (session, sink) = Answered(temperature: 1.8f);  // hot enough that a new seed gives new notes
        var second = session.Answers.Takes[1];
        string Notes() => string.Join("|", session.Answers.Takes.Select(t => string.Join(",", t.Notes.Select(n => $"{n.Step}:{n.Pitch}"))));
        string original = Notes();
        session.Post(new TakeCommand(TakeCommandKind.Delete, 0));
        session.Post(new TakeCommand(TakeCommandKind.Delete, 17));
        session.Post(new TakeCommand(TakeCommandKind.Audition, -3));
        sink.Items.Clear();
        RunAt(session, 21);
        Assert.Equal(2, session.Answers.Takes.Count);
        Assert.Same(second, session.Answers.Takes[0]);
        Assert.Empty(sink.Items);
        int version = View(session).Version;

        session.Post(new TakeCommand(TakeCommandKind.Regenerate));
        RunAt(session, 22);
        Assert.Equal(3, session.Answers.Takes.Count);
        Assert.NotEqual(original, Notes());  // three new takes of the same phrase
        Assert.Empty(sink.Items);  // new takes are offered, not played
        Assert.True(View(session).Version > version);
    }

    [Fact]
    public void Suggest_now_answers_without_waiting_for_silence()
    {
        var sink = new ListSink();
        var session = new CopilotSession(sink) { Settings = new LiveSettings { Answer = new() { Trigger = AnswerTrigger.OnDemand } } };
        CopilotSessionTests.PlayRiff(session, 0, 1);
        RunAt(session, 4.2);
        Assert.Empty(sink.Items);
        session.Post(new TakeCommand(TakeCommandKind.SuggestNow));
        RunAt(session, 4.3);
        Assert.NotEmpty(sink.Items);
        Assert.NotEmpty(session.Answers.Takes);
    }

    [Fact]
    public void More_like_this_offers_new_takes_that_keep_the_chosen_takes_opening_bar()
    {
        var (session, sink) = Answered(temperature: 1.5f);
        var chosen = session.Answers.Takes[1];
        int start = session.Answers.LastPhrase!.GenerationStartStep, bar = 16;
        var opening = chosen.Notes.Where(n => n.Step < start + bar).ToList();
        Assert.NotEmpty(opening);
        sink.Items.Clear();
        session.Post(new TakeCommand(TakeCommandKind.MoreLikeThis, 1));
        RunAt(session, 21);
        Assert.Equal(3, session.Answers.Takes.Count);
        Assert.Empty(sink.Items);  // offered, not played
        foreach (var take in session.Answers.Takes)
        {
            Assert.Equal(opening, take.Notes.Take(opening.Count));                        // the opening idea is kept
            Assert.Contains(take.Notes, n => n.Step >= start + bar);                       // and continued anew
            Assert.All(take.Notes, n => Assert.InRange(n.Step, start, start + 2 * bar - 1));  // within the answer's 2 bars
        }
        session.Post(new TakeCommand(TakeCommandKind.MoreLikeThis, 9));  // no such take: nothing changes
        var before = session.Answers.Takes;
        RunAt(session, 22);
        Assert.Same(before, session.Answers.Takes);
    }
}
