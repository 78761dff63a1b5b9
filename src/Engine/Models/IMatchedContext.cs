namespace AiCoPilot.Engine.Models;

/// <summary>A predictor that can say whether it remembers the present passage: a variable-order model that had seen
/// the whole context it reads (its full order) at its last prediction, rather than guessing from a note or two.</summary>
public interface IMatchedContext
{
    bool RemembersContext { get; }
}
