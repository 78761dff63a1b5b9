namespace AiCoPilot.Engine.Generation.Pool;

/// <summary>
/// What the musician has shown they like, as a score over the candidates of one answer (higher: more to their taste).
/// <see cref="CandidateSelection"/> lets it choose among the candidates that are already likely enough and about as
/// different as the farthest one; it never lets a candidate in that would not have been shown otherwise, and the first
/// take shown never follows it (the take that streamed, or the pool's most likely: it explores).
/// </summary>
public interface ITakePreference
{
    /// <summary>How much the musician would like this candidate (any scale; only the order within a pool matters).</summary>
    double Score(Take take);
}
