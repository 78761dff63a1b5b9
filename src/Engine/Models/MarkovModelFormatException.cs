namespace AiCoPilot.Engine.Models;

/// <summary>A saved Markov model that cannot be loaded: damaged, from a future version, or for another vocabulary.</summary>
public sealed class MarkovModelFormatException : Exception
{
    public MarkovModelFormatException(string message) : base(message) { }
}
