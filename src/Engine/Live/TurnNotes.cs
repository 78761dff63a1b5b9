namespace AiCoPilot.Engine.Live;

/// <summary>
/// The notes of an answer that plays in its turn of a trade, held back and sent only shortly before they sound, so the
/// co-pilot can still yield when the player plays into its turn: notes not yet sent are dropped, notes sounding are cut.
/// Everything sent lies inside the turn. Engine thread only.
/// </summary>
public sealed class TurnNotes
{
    /// <summary>How far ahead of its onset a held note is sent: enough that a busy engine thread is never late (it
    /// wakes within a few milliseconds), short enough that a yield takes effect at the next beat.</summary>
    public const double SendAheadBeats = 0.25;

    private readonly NoteEmitter _notes;
    private readonly List<HeldNote> _held = new();   // in onset order
    private readonly List<HeldNote> _sent = new();   // sent, maybe still sounding

    private readonly record struct HeldNote(double On, double End, int Pitch, int Velocity, int Phrase, long PhraseEndNanos);

    public TurnNotes(NoteEmitter notes) { _notes = notes; }

    /// <summary>Where the current turn ends: nothing is held past it.</summary>
    public double TurnEndPpq { get; private set; } = double.PositiveInfinity;

    /// <summary>The onset of the next note to send (infinity: none held).</summary>
    public double NextOnsetPpq => _held.Count > 0 ? _held[0].On : double.PositiveInfinity;

    public void StartTurn(double endPpq) => TurnEndPpq = endPpq;

    /// <summary>Holds a note of the answer, its end clipped to the turn's end (a note starting past it is dropped).</summary>
    public void Hold(double on, double end, int pitch, int velocity, int phrase, long phraseEndNanos)
    {
        if (on >= TurnEndPpq) return;
        var note = new HeldNote(on, Math.Min(end, TurnEndPpq), pitch, velocity, phrase, phraseEndNanos);
        int at = _held.Count;
        while (at > 0 && _held[at - 1].On > on) at--;
        _held.Insert(at, note);
    }

    /// <summary>Sends every held note whose onset is before <paramref name="beforePpq"/>.</summary>
    public void Send(double beforePpq)
    {
        int count = 0;
        while (count < _held.Count && _held[count].On < beforePpq)
        {
            var n = _held[count++];
            _notes.Note(n.On, n.End, n.Pitch, n.Velocity, SuggestionRole.Answer, take: 0, n.Phrase, n.PhraseEndNanos);
            _sent.Add(n);
        }
        if (count > 0) _held.RemoveRange(0, count);
        // Notes long over are forgotten (a loop, not RemoveAll: this runs at every poll and must make no garbage).
        for (int i = _sent.Count - 1; i >= 0; i--)
            if (NoteEmitter.ReleaseAt(_sent[i].On, _sent[i].End) < beforePpq - SendAheadBeats) _sent.RemoveAt(i);
    }

    /// <summary>The co-pilot yields: nothing sounds from <paramref name="atPpq"/> on (held notes are dropped, notes
    /// sent and still sounding then are cut there).</summary>
    public void Yield(double atPpq)
    {
        _held.Clear();
        foreach (var n in _sent)
            if (n.On < atPpq && NoteEmitter.ReleaseAt(n.On, n.End) > atPpq) _notes.Cut(atPpq, n.Pitch, SuggestionRole.Answer, take: 0, n.Phrase);
        _sent.Clear();
        TurnEndPpq = atPpq;
    }

    /// <summary>Forgets everything (a transport jump: the audio thread drops and silences what was sent).</summary>
    public void Clear()
    {
        _held.Clear();
        _sent.Clear();
        TurnEndPpq = double.PositiveInfinity;
    }
}
