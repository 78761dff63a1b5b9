using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Models.Neural;

namespace AiCoPilot.Engine.Tests.Live;

/// <summary>
/// An answer is written a note at a time between inputs: the host's threads (saving the project, loading it,
/// deactivating) never wait for it, and a new phrase, a parameter change or a jump cancels it at once.
/// </summary>
public class AnswerWritingTests
{
    private const long Second = 1_000_000_000;
    private static long At(double ppq) => (long)(ppq * 0.5 * Second);

    // The longest answer there is (16 bars, 8 takes), from the shipped model blended with the style.
    private static (CopilotSession Session, NeuralPredictor Model) LongAnswerSession()
    {
        var model = new NeuralPredictor(NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath));
        var session = new CopilotSession(new ListSink(), model) { Settings = new LiveSettings { Answer = new() { Bars = 16, Variations = 8 } } };
        CopilotSessionTests.PlayRiff(session, 0);
        session.Handle(CopilotSessionTests.Clock(9.5), At(9.5));
        return (session, model);
    }

    [Fact]
    public void Saving_and_loading_the_style_never_wait_for_the_answer_being_written()
    {
        // The engine thread is held in the middle of the answer, between two of its steps; the host's thread saves and
        // restores the project meanwhile. Were either to wait for the answer, it could not finish while the engine is
        // held (the wait below only guards against a hang: a correct run finishes each call in milliseconds).
        var (session, model) = LongAnswerSession();
        using var loaded = model;
        const int Pauses = 5;
        using var paused = new SemaphoreSlim(0);
        using var resume = new SemaphoreSlim(0);
        var engine = Task.Run(() =>
        {
            session.Poll(At(9.5));  // the phrase ends: the answer starts
            for (int pause = 0; session.IsAnswering; pause++)
            {
                session.WorkOnAnswer(2);
                if (pause % 40 != 0 || pause / 40 >= Pauses) continue;
                paused.Release();
                resume.Wait();
            }
        });
        for (int i = 0; i < Pauses; i++)
        {
            Assert.True(paused.Wait(TimeSpan.FromMinutes(2)), "the engine thread never reached the middle of the answer");
            Assert.True(session.IsAnswering);
            var hostCall = Task.Run(() =>
            {
                byte[] saved = session.SaveStyle();
                Assert.True(session.LoadStyle(saved, out _));
            });
            Assert.True(hostCall.Wait(TimeSpan.FromMinutes(1)), "saving and loading waited for the answer being written");
            resume.Release();
        }
        engine.Wait();
        Assert.Equal(8, session.Answers.Takes.Count);
    }

    [Fact]
    public void A_parameter_change_cancels_the_answer_within_one_note_and_keeps_the_takes_written()
    {
        var (session, model) = LongAnswerSession();
        using var loaded = model;
        session.Poll(At(9.5));
        Assert.True(session.IsAnswering);
        while (session.Answers.Takes.Count < 1) session.WorkOnAnswer(1);  // the first take is written and on its way
        session.Settings = session.Settings with { Answer = session.Settings.Answer with { Temperature = 0.5f } };
        session.Poll(At(9.6));
        Assert.False(session.IsAnswering);
        Assert.Single(session.Answers.Takes);
    }

    [Fact]
    public void A_jump_cancels_the_answer_at_once()
    {
        var (session, model) = LongAnswerSession();
        using var loaded = model;
        session.Poll(At(9.5));
        session.WorkOnAnswer(3);
        Assert.True(session.IsAnswering);
        session.Handle(new LiveInput(LiveInputKind.Jump, 40, 120, 40, 4, 4, 0, 0, 0, true, 9), At(9.6));
        Assert.False(session.IsAnswering);
    }

    [Fact]
    public void The_session_says_when_it_next_has_timed_work()
    {
        var session = new CopilotSession(new ListSink()) { Settings = new LiveSettings { Listen = new() { SilenceBeats = 1.5 } } };
        Assert.Equal(long.MaxValue, session.NanosUntilWork(0));           // no clock yet: nothing timed
        CopilotSessionTests.PlayRiff(session, 0);                        // the last note ends at 7.9
        session.Handle(CopilotSessionTests.Clock(8.0), At(8.0));
        // The answer is prepared half a beat before the phrase end (7.9 + 1.5 - 0.5 = 8.9 quarters).
        Assert.Equal(At(8.9) - At(8.0), session.NanosUntilWork(At(8.0)), 1_000_000.0);
        session.Post(new TakeCommand(TakeCommandKind.Regenerate));
        Assert.Equal(0, session.NanosUntilWork(At(8.0)));               // a command is work now
    }
}
