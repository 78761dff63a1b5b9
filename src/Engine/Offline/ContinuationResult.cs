using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Music;

namespace AiCoPilot.Engine.Offline;

/// <summary>What <see cref="OfflineContinuation"/> produced: the song with one track per take, and a summary (the
/// takes were chosen from a pool of <see cref="PoolSize"/> candidates).</summary>
public sealed record ContinuationResult(MidiSong Song, IReadOnlyList<Take> Takes, Key Key, double KeyConfidence,
    string MelodySource, string ChordSource, double SecondsPerToken, int PoolSize);
