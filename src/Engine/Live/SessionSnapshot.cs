namespace AiCoPilot.Engine.Live;

/// <summary>A note as the editor draws it: absolute musical time in quarter notes.</summary>
public readonly record struct ViewNote(double StartPpq, double LengthPpq, int Pitch, int Velocity);

/// <summary>A chord play-along played or is about to play: from, to (quarter notes) and its name.</summary>
public readonly record struct ViewChord(double StartPpq, double EndPpq, string Name);

/// <summary>
/// An immutable picture of the session for the editor (read on the UI thread, replaced whole on the engine thread):
/// the player's last phrase, the takes placed where they play, which take is playing, where the clock is and
/// play-along's recent and next chords.
/// </summary>
public sealed record SessionView(
    int Version,
    IReadOnlyList<ViewNote> Phrase,
    IReadOnlyList<IReadOnlyList<ViewNote>> Takes,
    double TakesStartPpq,
    int PlayingTake,
    double PlayingFromPpq,
    double PlayingToPpq,
    bool PlayingIsPreview,
    string Key,
    double Tempo,
    double ClockPpq,
    long ClockNanos,
    IReadOnlyList<ViewChord> Chords)
{
    public static readonly SessionView Empty = new(0, Array.Empty<ViewNote>(), Array.Empty<IReadOnlyList<ViewNote>>(),
        double.NaN, -1, double.NaN, double.NaN, false, "", 120, double.NaN, 0, Array.Empty<ViewChord>());

    /// <summary>Where the music is now, extrapolated from the last clock record (at most one beat ahead).</summary>
    public double PpqAt(long nowNanos) =>
        double.IsNaN(ClockPpq) ? double.NaN : ClockPpq + Math.Min(1.0, Math.Max(0, nowNanos - ClockNanos) / 1e9 * Tempo / 60.0);
}
