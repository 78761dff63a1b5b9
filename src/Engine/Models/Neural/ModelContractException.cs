namespace AiCoPilot.Engine.Models.Neural;

/// <summary>A model file that cannot be used: missing, unreadable, or made for another token vocabulary or spec.</summary>
public sealed class ModelContractException : Exception
{
    public ModelContractException(string field, string message, Exception? inner = null) : base(message, inner)
    {
        Field = field;
    }

    /// <summary>The metadata field, input or output that did not match ("file" when the file itself is the problem).</summary>
    public string Field { get; }
}
