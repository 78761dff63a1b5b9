using AiCoPilot.Engine.Live;

namespace AiCoPilot.Engine.Tests.Live;

/// <summary>What the engine thread does between inputs, done at once: the tests look at whole answers.</summary>
internal static class SessionTestExtensions
{
    public static void PollAndWrite(this CopilotSession session, long nowNanos)
    {
        session.Poll(nowNanos);
        session.FinishWriting();
    }

    public static void FinishWriting(this CopilotSession session)
    {
        while (session.IsAnswering) session.WorkOnAnswer(64);
    }
}
