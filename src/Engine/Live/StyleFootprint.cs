namespace AiCoPilot.Engine.Live;

/// <summary>
/// The learned style's size: contexts and follower counts, the bytes they fill and the bytes allocated for them
/// (arrays and hash tables by capacity). Resident memory follows <see cref="UsedBytes"/>.
/// </summary>
public readonly record struct StyleFootprint(int Contexts, int Followers, long UsedBytes, long AllocatedBytes);
