using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Plugin.Editor;

/// <summary>A note as the editor draws it: absolute musical time in quarter notes.</summary>
public readonly record struct ViewNote(double StartPpq, double LengthPpq, int Pitch, int Velocity);

/// <summary>A chord of play-along's lane: from, to (quarter notes) and its name.</summary>
public readonly record struct ViewChord(double StartPpq, double EndPpq, string Name);

/// <summary>
/// The editor's picture of the session, built on the UI thread from the engine's <see cref="SessionSnapshot"/>: the
/// phrase and the takes as notes placed where they play, the chord lane's names, and the snapshot itself for the
/// playing take and the clock.
/// </summary>
public sealed record EditorPicture(SessionSnapshot Snapshot, IReadOnlyList<ViewNote> Phrase,
    IReadOnlyList<IReadOnlyList<ViewNote>> Takes, double TakesStartPpq, IReadOnlyList<ViewChord> Chords)
{
    public static readonly EditorPicture Empty = Of(SessionSnapshot.Empty);

    public int Version => Snapshot.Version;
    public int PlayingTake => Snapshot.PlayingTake;
    public double PlayingFromPpq => Snapshot.PlayingFromPpq;
    public double PlayingToPpq => Snapshot.PlayingToPpq;
    public bool PlayingIsPreview => Snapshot.PlayingIsPreview;
    public string Key => Snapshot.Key;
    public double Tempo => Snapshot.Tempo;
    public double PpqAt(long nowNanos) => Snapshot.PpqAt(nowNanos);

    public static EditorPicture Of(SessionSnapshot snapshot)
    {
        var phrase = snapshot.Phrase;
        var phraseNotes = phrase is null
            ? (IReadOnlyList<ViewNote>)Array.Empty<ViewNote>()
            : phrase.Notes.Select(n => new ViewNote(n.StartPpq, Math.Max(0.05, n.EndPpq - n.StartPpq), n.Pitch, n.Velocity)).ToArray();
        var takes = snapshot.Takes.Select(take => phrase is null
            ? (IReadOnlyList<ViewNote>)Array.Empty<ViewNote>()
            : take.Notes.Select(n => new ViewNote(phrase.PlaybackPpq(n.Step), n.DurationSteps / (double)TokenVocabulary.StepsPerQuarter,
                n.Pitch, n.Velocity)).ToArray()).ToArray();
        var chords = snapshot.Chords.Select(c => new ViewChord(c.StartPpq, c.EndPpq, c.Chord.ToString())).ToArray();
        return new EditorPicture(snapshot, phraseNotes, takes, phrase?.ContinuationStartPpq ?? double.NaN, chords);
    }

    /// <summary>The picture of a newer snapshot: rebuilt when its contents changed, else only its clock is taken.</summary>
    public EditorPicture Following(SessionSnapshot snapshot) =>
        ReferenceEquals(snapshot, Snapshot) ? this : snapshot.Version == Version ? this with { Snapshot = snapshot } : Of(snapshot);
}
