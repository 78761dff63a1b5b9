using AiCoPilot.Engine.Accompaniment;
using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Models.Neural;

namespace AiCoPilot.Engine.Tests.Live;

/// <summary>
/// The session's parts own their state: a change in one settings group never touches another's work, and what other
/// threads hand over (a loaded model, a restored project) is put in place by the engine thread at a safe point, never
/// swapped under an answer.
/// </summary>
public class SessionOwnershipTests
{
    private const long Second = 1_000_000_000;
    private static long At(double ppq) => (long)(ppq * 0.5 * Second);

    [Fact]
    public void Changing_the_accompaniment_pattern_with_play_along_off_never_stops_an_answer_being_written()
    {
        using var model = new NeuralPredictor(NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath));
        var session = new CopilotSession(new ListSink(), model) { Settings = new LiveSettings { Answer = new() { Bars = 4, Variations = 3 } } };
        CopilotSessionTests.PlayRiff(session, 0);
        session.Handle(CopilotSessionTests.Clock(9.5), At(9.5));
        session.Poll(At(9.5));
        while (session.Answers.Takes.Count < 1) session.WorkOnAnswer(1);  // the first take is out, the pool is being written
        Assert.True(session.IsAnswering);
        session.Settings = session.Settings with { PlayAlong = session.Settings.PlayAlong with { AccompanimentPattern = AccompanimentPattern.Pulse } };
        session.Poll(At(9.6));
        Assert.True(session.IsAnswering, "another group's parameter stopped the answer");
        session.FinishWriting();
        Assert.Equal(3, session.Answers.Takes.Count);
        Assert.Equal(12, session.Answers.LastPoolSize);  // the whole pool was written and chosen from
    }

    [Fact]
    public void A_model_that_finishes_loading_between_preparing_and_answering_answers_the_whole_first_take()
    {
        var sink = new ListSink();
        var session = new CopilotSession(sink) { Settings = new LiveSettings { Listen = new() { SilenceBeats = 1.5 }, Answer = new() { Bars = 2 } } };
        CopilotSessionTests.PlayRiff(session, 0);           // the phrase ends at 7.9 + 1.5 = 9.4
        session.Handle(CopilotSessionTests.Clock(9.1), At(9.1));
        session.PollAndWrite(At(9.1));                      // prepared from the style alone: its first notes sampled
        Assert.Empty(sink.Items);
        using var model = new NeuralPredictor(NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath));
        // The load task hands the model over from its own thread, as the plug-in's does.
        Task.Run(() => session.UseModels(model, playAlong: null, guard: null)).Wait();
        session.Handle(CopilotSessionTests.Clock(9.5), At(9.5));
        session.PollAndWrite(At(9.5));
        var streamed = sink.Items.Where(s => s.NoteOn && s.Role == SuggestionRole.Answer).ToList();
        Assert.Equal(0, session.Answers.PreparedAnswers);   // begun again on the model now in place
        Assert.Equal(session.Answers.Takes[0].Notes.Count, streamed.Count);
        Assert.True(streamed.Count > 4, $"the first take stopped after {streamed.Count} notes (4 were prepared)");
    }

    [Fact]
    public void A_jump_while_a_take_plays_leaves_no_take_shown_playing()
    {
        // The transport stops mid-take (a stop is a jump): the audio thread drops the rest, and the editor must not
        // go on drawing the take as playing (found in Ardour's window by tests/e2e/ardour_gui_test.sh).
        var session = new CopilotSession(new ListSink()) { Settings = new LiveSettings { Answer = new() { Bars = 2 } } };
        CopilotSessionTests.PlayRiff(session, 0);
        session.Handle(CopilotSessionTests.Clock(9.5), At(9.5));
        session.PollAndWrite(At(9.5));
        Assert.Equal(0, session.Snapshot.PlayingTake);  // the answer's first take plays
        session.Handle(new LiveInput(LiveInputKind.Jump, 13, 120, 12, 4, 4, 0, 0, 0, false, 2), At(13));
        Assert.Equal(-1, session.Snapshot.PlayingTake);
        Assert.Equal(3, session.Answers.Takes.Count);  // the takes stay to be chosen from
    }

    [Fact]
    public void A_restored_style_is_saved_back_whole_before_the_engine_thread_has_put_it_in_place()
    {
        var played = new CopilotSession(new ListSink());
        CopilotSessionTests.PlayRiff(played, 0);
        played.Handle(CopilotSessionTests.Clock(12), 6 * Second);
        played.PollAndWrite(6 * Second);
        byte[] project = played.SaveStyle();
        var reopened = new CopilotSession(new ListSink());
        Assert.True(reopened.LoadStyle(project, out _));   // the host's thread: nothing of the engine thread's swapped
        Assert.Equal(0, reopened.Style.Played.TokensObserved);
        Assert.Equal(project, reopened.SaveStyle());         // a host saving at once gets the project it just loaded
        Assert.Equal(played.Style.PlayedTokens, reopened.Style.PlayedTokens);
        reopened.Poll(7 * Second);                           // the engine thread's safe point
        Assert.Equal(played.Style.PlayedTokens, reopened.Style.Played.TokensObserved);
        Assert.Equal(project, reopened.SaveStyle());
    }
}
