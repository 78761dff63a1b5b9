using AiCoPilot.Engine.Live;

namespace AiCoPilot.Engine.Tests.Live;

/// <summary>A suggestion sink that keeps what it is given (up to a capacity, to imitate a full ring).</summary>
internal sealed class ListSink : ISuggestionSink
{
    public List<Suggestion> Items { get; } = new();
    public int Capacity { get; set; } = int.MaxValue;

    public bool TryEmit(in Suggestion s)
    {
        if (Items.Count >= Capacity) return false;
        Items.Add(s);
        return true;
    }
}
