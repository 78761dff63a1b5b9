namespace AiCoPilot.Engine.Taste;

/// <summary>A taste (a per-user taste file, or the taste section of a saved project) that cannot be read: not a taste
/// at all, another version, or damaged. The message says which; whoever reads it goes on without it.</summary>
public sealed class TasteFormatException : Exception
{
    public TasteFormatException(string message) : base(message) { }
}
