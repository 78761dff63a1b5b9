using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Listening;

/// <summary>
/// Follows a timed stream of note events in musical time and decides when the player has finished a phrase: after
/// <see cref="PhraseListenerSettings.SilenceBeats"/> of silence with no key held, or on an explicit trigger. The
/// sustain pedal holds notes as a piano would. Keeps the recent notes and estimates the key (Krumhansl-Schmuckler).
/// Times must not go backwards except through <see cref="Reset"/> (a transport jump).
/// </summary>
public sealed class PhraseListener
{
    private PhraseListenerSettings _settings;
    private readonly (double Start, int Velocity, bool On, bool Released, double KeyUp)[] _sounding = new (double, int, bool, bool, double)[16 * 128];
    private readonly List<PlayedNote> _notes = new();
    private int _soundingCount;
    private bool _sustain;
    private double _lastActivityPpq = double.NegativeInfinity;
    private bool _unanswered;
    private int _numerator = 4, _denominator = 4;
    private double _barOriginPpq;

    public PhraseListener(PhraseListenerSettings? settings = null)
    {
        _settings = settings ?? new PhraseListenerSettings();
    }

    public IReadOnlyList<PlayedNote> Notes => _notes;

    /// <summary>Changes the settings from now on (what was played is kept).</summary>
    public void Configure(PhraseListenerSettings settings) => _settings = settings;
    public bool IsSounding => _soundingCount > 0;

    /// <summary>Sets the meter and a bar line position (quarter notes). Bars repeat from it both ways.</summary>
    public void SetMeter(int numerator, int denominator, double barLinePpq = 0)
    {
        if (numerator < 1 || denominator < 1 || !double.IsFinite(barLinePpq)) return;
        (_numerator, _denominator) = TokenVocabulary.CanonicalMeter(numerator, denominator);
        _barOriginPpq = barLinePpq;
    }

    public int BarLengthSteps => _numerator * 16 / _denominator;
    public int Numerator => _numerator;
    public int Denominator => _denominator;
    /// <summary>A bar line (quarter notes): bars repeat from it both ways.</summary>
    public double BarOriginPpq => _barOriginPpq;
    /// <summary>When the last note ended or began (quarter notes; a held note counts as now for callers).</summary>
    public double LastActivityPpq => _lastActivityPpq;
    private double BarLengthPpq => BarLengthSteps / (double)TokenVocabulary.StepsPerQuarter;

    public void NoteOn(double ppq, int pitch, int velocity, int channel)
    {
        if (!double.IsFinite(ppq) || (uint)pitch > 127 || (uint)channel > 15) return;
        if (velocity <= 0) { NoteOff(ppq, pitch, channel); return; }
        ref var slot = ref _sounding[channel * 128 + pitch];
        if (slot.On) Complete(channel, pitch, ppq); // a repeated note-on ends the previous one
        slot = (ppq, Math.Min(velocity, 127), true, false, double.NaN);
        Version++;
        _soundingCount++;
        _lastActivityPpq = ppq;
        _unanswered = true;
    }

    public void NoteOff(double ppq, int pitch, int channel)
    {
        if (!double.IsFinite(ppq) || (uint)pitch > 127 || (uint)channel > 15) return;
        ref var slot = ref _sounding[channel * 128 + pitch];
        if (!slot.On) return;
        if (_sustain) { slot.Released = true; slot.KeyUp = ppq; return; }
        Complete(channel, pitch, ppq);
    }

    /// <summary>Sustain pedal (CC 64): while down, released keys keep sounding until the pedal lifts.</summary>
    public void Sustain(double ppq, bool down)
    {
        Version++;
        _sustain = down;
        if (down || !double.IsFinite(ppq)) return;
        for (int i = 0; i < _sounding.Length; i++)
            if (_sounding[i].On && _sounding[i].Released) Complete(i / 128, i % 128, ppq);
    }

    private void Complete(int channel, int pitch, double endPpq)
    {
        ref var slot = ref _sounding[channel * 128 + pitch];
        if (!slot.On) return;
        Version++;
        _notes.Add(new PlayedNote(slot.Start, Math.Max(endPpq, slot.Start), pitch, slot.Velocity, channel, slot.KeyUp));
        if (_notes.Count > _settings.MaxNotes) _notes.RemoveRange(0, _notes.Count - _settings.MaxNotes);
        slot = default;
        _soundingCount--;
        _lastActivityPpq = Math.Max(_lastActivityPpq, endPpq);
    }

    /// <summary>Advances time; returns the phrase once it has ended by silence, else null.</summary>
    public Phrase? Advance(double nowPpq)
    {
        if (!double.IsFinite(nowPpq) || !_unanswered || _soundingCount > 0) return null;
        if (nowPpq - _lastActivityPpq < _settings.SilenceBeats) return null;
        return Finish(nowPpq, triggered: false);
    }

    /// <summary>An explicit request: returns the phrase so far (sounding notes are cut at now), or null if nothing was played.</summary>
    public Phrase? Trigger(double nowPpq)
    {
        if (!double.IsFinite(nowPpq)) return null;
        if (_notes.Count == 0 && _soundingCount == 0) return null;
        return Finish(nowPpq, triggered: true);
    }

    /// <summary>Changes with every event that could change the phrase (a prepared answer is valid while it stays).</summary>
    public int Version { get; private set; }

    /// <summary>Quarter note at which the current pause becomes a phrase end (infinity while a key is held).</summary>
    public double PhraseEndPpq => _soundingCount > 0 || !_unanswered ? double.PositiveInfinity : _lastActivityPpq + _settings.SilenceBeats;

    /// <summary>True when notes have been played since the last answer.</summary>
    public bool HasUnansweredNotes => _unanswered;

    /// <summary>The phrase as it would be if it ended now, without ending it (to prepare an answer ahead of time).</summary>
    public Phrase? Peek(double nowPpq) =>
        double.IsFinite(nowPpq) && _unanswered && _notes.Count > 0 ? Build(nowPpq, triggered: false) : null;

    /// <summary>What has been played up to now, as a phrase that continues at the next bar line, whether or not
    /// anything was played since the last answer (play-along reads it while the player plays).</summary>
    public Phrase? PlayedSoFar(double nowPpq) => double.IsFinite(nowPpq) && (_notes.Count > 0 || _soundingCount > 0) ? Build(nowPpq, triggered: false) : null;

    /// <summary>Forgets everything (transport jump, loop, stop): sounding notes are dropped, no phrase is pending.</summary>
    public void Reset()
    {
        Version++;
        Array.Clear(_sounding);
        _soundingCount = 0;
        _notes.Clear();
        _unanswered = false;
        _sustain = false;
        _lastActivityPpq = double.NegativeInfinity;
    }

    private Phrase Finish(double nowPpq, bool triggered)
    {
        _unanswered = false;
        return Build(nowPpq, triggered);
    }

    private Phrase Build(double nowPpq, bool triggered)
    {
        double barLength = BarLengthPpq;
        double lastActivity = double.NegativeInfinity;
        foreach (var n in _notes) lastActivity = Math.Max(lastActivity, n.EndPpq);
        for (int i = 0; i < _sounding.Length; i++)
            if (_sounding[i].On) lastActivity = Math.Max(lastActivity, Math.Max(nowPpq, _sounding[i].Start));
        if (double.IsNegativeInfinity(lastActivity)) lastActivity = nowPpq;
        int startBar = (int)Math.Ceiling((nowPpq - _barOriginPpq) / barLength - 1e-9);
        // The prompt treats the continuation as following the phrase after at most one empty bar, however late the
        // phrase was noticed; the notes are then played from startBar.
        int phraseEndBar = (int)Math.Ceiling((lastActivity - _barOriginPpq) / barLength - 1e-9);
        int generationBar = Math.Min(startBar, phraseEndBar + 1);
        int firstContextBar = generationBar - Math.Max(_settings.ContextBars, (_settings.ContextSteps + BarLengthSteps - 1) / BarLengthSteps);
        double contextStart = _barOriginPpq + firstContextBar * barLength;
        // Only the context's notes are copied (the listener keeps up to MaxNotes; this runs every half beat of a pause).
        var context = new List<PlayedNote>();
        foreach (var n in _notes)
            if (n.EndPpq > contextStart && n.StartPpq < nowPpq) context.Add(n);
        for (int i = 0; i < _sounding.Length; i++)
            if (_sounding[i].On && _sounding[i].Start < nowPpq)
                context.Add(new PlayedNote(_sounding[i].Start, Math.Max(nowPpq, _sounding[i].Start), i % 128, _sounding[i].Velocity, i / 128,
                    _sounding[i].Released ? _sounding[i].KeyUp : double.NaN));

        var sheet = new LeadSheet();
        int barSteps = BarLengthSteps;
        for (int bar = firstContextBar; bar < generationBar; bar++)
            sheet.Bars.Add(new LeadBar(bar * barSteps, _numerator, _denominator));
        Span<double> histogram = stackalloc double[12];
        foreach (var n in context) histogram[n.Pitch % 12] += Math.Max(0.25, n.EndPpq - n.StartPpq);
        LiveLeadSheetBuilder.Fill(sheet, context, _barOriginPpq);
        var key = KeyEstimator.Estimate(histogram, out double confidence);
        return new Phrase(sheet, context, key, confidence, nowPpq, generationBar * barSteps, startBar * barSteps, _numerator, _denominator, _barOriginPpq, triggered);
    }
}
