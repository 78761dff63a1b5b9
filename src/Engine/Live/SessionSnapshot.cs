using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;
using AiCoPilot.Engine.Listening;
using AiCoPilot.Engine.Music;

namespace AiCoPilot.Engine.Live;

/// <summary>A chord play-along played or is about to play, from and to in quarter notes.</summary>
public readonly record struct PlayedChord(double StartPpq, double EndPpq, ChordSymbol Chord);

/// <summary>
/// What the session holds, as one immutable value (replaced whole on the engine thread, read on any thread): the
/// player's last phrase, the takes (and the melody of the prompt they answer, and how many candidates they were chosen
/// from), which take plays and where, the key, where the clock is, and play-along's recent and next chords. Musical
/// data only; how it is drawn is the plug-in's (its editor builds its picture from this).
/// <see cref="Version"/> changes when anything but the clock changes.
/// </summary>
public sealed record SessionSnapshot(
    int Version,
    Phrase? Phrase,
    IReadOnlyList<Take> Takes,
    int PlayingTake,
    double PlayingFromPpq,
    double PlayingToPpq,
    bool PlayingIsPreview,
    string Key,
    double Tempo,
    double ClockPpq,
    long ClockNanos,
    IReadOnlyList<PlayedChord> Chords,
    IReadOnlyList<GeneratedNote> PromptMelody,
    int PoolSize)
{
    public static readonly SessionSnapshot Empty = new(0, null, Array.Empty<Take>(), -1, double.NaN, double.NaN, false, "", 120,
        double.NaN, 0, Array.Empty<PlayedChord>(), Array.Empty<GeneratedNote>(), 0);

    /// <summary>Where the music is now, extrapolated from the last clock record (at most one beat ahead).</summary>
    public double PpqAt(long nowNanos) =>
        double.IsNaN(ClockPpq) ? double.NaN : ClockPpq + Math.Min(1.0, Math.Max(0, nowNanos - ClockNanos) / 1e9 * Tempo / 60.0);

    /// <summary>How far each take is from the nearest other take and from the phrase: computed on first use by the
    /// reader that shows them (the editor), not by the engine thread at every publish.</summary>
    public IReadOnlyList<TakeFigures> Figures
    {
        get
        {
            var cached = _figures;
            if (cached is null || !ReferenceEquals(cached.Takes, Takes) || !ReferenceEquals(cached.Prompt, PromptMelody))
                _figures = cached = new FiguresOf(Takes, PromptMelody);
            return cached.Figures;
        }
    }

    private FiguresOf? _figures;  // a "with" copy keeps it only while its takes and prompt are the same objects

    private sealed class FiguresOf
    {
        public FiguresOf(IReadOnlyList<Take> takes, IReadOnlyList<GeneratedNote> prompt)
        {
            Takes = takes;
            Prompt = prompt;
            Figures = TakeFigures.Of(takes, prompt);
        }

        public IReadOnlyList<Take> Takes { get; }
        public IReadOnlyList<GeneratedNote> Prompt { get; }
        public TakeFigures[] Figures { get; }
    }
}
