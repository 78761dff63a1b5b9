using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Music;

namespace AiCoPilot.Engine.Offline;

/// <summary>What <see cref="OfflineContinuation"/> produced: the song with one track per take, and a summary: the
/// takes were chosen from a pool of <see cref="PoolSize"/> candidates; for each take, how far it is from the others and
/// from the phrase, and whether it replays 8 consecutive notes of the song anywhere in it (<see cref="Echoes"/>).</summary>
public sealed record ContinuationResult(MidiSong Song, IReadOnlyList<Take> Takes, Key Key, double KeyConfidence,
    string MelodySource, string ChordSource, double SecondsPerToken, int PoolSize, IReadOnlyList<TakeFigures> Figures, IReadOnlyList<bool> Echoes)
{
    /// <summary>The mean and the smallest distance between two takes (1 and 1 for fewer than two takes).</summary>
    public (double Mean, double Smallest) Spread
    {
        get
        {
            var pairs = new List<double>();
            for (int i = 0; i < Takes.Count; i++)
                for (int j = i + 1; j < Takes.Count; j++) pairs.Add(NoteDistance.Between(Takes[i].Notes, Takes[j].Notes));
            return pairs.Count == 0 ? (1, 1) : (pairs.Average(), pairs.Min());
        }
    }
}
