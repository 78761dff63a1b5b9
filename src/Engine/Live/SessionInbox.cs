using System.Collections.Concurrent;
using AiCoPilot.Engine.Models;

namespace AiCoPilot.Engine.Live;

/// <summary>What another thread hands the session: applied by the engine thread at its next safe point, so nothing the
/// engine thread reads is swapped under it.</summary>
public abstract record SessionMessage
{
    /// <summary>An editor command on the takes.</summary>
    public sealed record Command(TakeCommand Take) : SessionMessage;

    /// <summary>The models have loaded (or gone): the base model answers blend with, play-along's own runner of it,
    /// and the originality guard (null: none).</summary>
    public sealed record Models(ITokenPredictor? Answers, ITokenPredictor? PlayAlong, OriginalityIndex? Guard) : SessionMessage;
}

/// <summary>The session's queue of messages from other threads (any thread posts; the engine thread takes).</summary>
public sealed class SessionInbox
{
    private readonly ConcurrentQueue<SessionMessage> _messages = new();

    /// <summary>Called (on the posting thread) after a message is queued: the engine thread's wake-up.</summary>
    public Action? Arrived { get; set; }

    public bool IsEmpty => _messages.IsEmpty;

    public void Post(SessionMessage message)
    {
        _messages.Enqueue(message);
        Arrived?.Invoke();
    }

    public bool TryTake(out SessionMessage message) => _messages.TryDequeue(out message!);
}
