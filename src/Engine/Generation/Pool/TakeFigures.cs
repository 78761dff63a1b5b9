namespace AiCoPilot.Engine.Generation.Pool;

/// <summary>How a take stands among the takes shown with it: the distance (0-1, <see cref="NoteDistance"/>) to the
/// nearest other take and to the player's phrase.</summary>
public readonly record struct TakeFigures(double NearestOther, double FromPhrase)
{
    /// <summary>The figures of each take shown (NaN nearest-other for a take shown alone).</summary>
    public static TakeFigures[] Of(IReadOnlyList<Take> takes, IReadOnlyList<GeneratedNote> phrase) =>
        takes.Select((take, i) => new TakeFigures(
            takes.Where((_, j) => j != i).Select(other => NoteDistance.Between(take.Notes, other.Notes)).DefaultIfEmpty(double.NaN).Min(),
            NoteDistance.Between(take.Notes, phrase))).ToArray();
}
