using AiCoPilot.Engine.Accompaniment;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Listening;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Live;

/// <summary>
/// Play-along, on the engine thread: while the player plays, the harmony of each coming bar (or half bar, when the
/// model expects the chord to change there) is decided "Commit ahead" beats before it starts, from everything played
/// until then and the chords already played, by the neural model blended with the player's style; it is voiced with
/// voice leading and sent at once, timed on the host's grid, on the accompaniment channel. A band plays on through
/// the singer's breath: through the player's rests each chord is still decided at its place, the model's chord there
/// (at a phrase end, its cadence; never the last chord merely held on), until the player has been silent for "Play
/// along stops after" beats; then no further chord is decided, the last one ends at its bar line, and the next note
/// played starts it again. A transport stop (a jump) ends it at once. Owns its chord state and its own runner of the
/// model (so an answer being written keeps its own).
/// </summary>
public sealed class Accompanist
{
    private readonly PhraseListener _listener;
    private readonly StyleStore _style;
    private readonly NoteEmitter _notes;
    private readonly ViewPublisher _view;
    private PlayAlongSettings _settings = new();
    private float _adaptation = (float)(ParameterTable.Adaptation.Default / 100);
    private bool _enabled = true;
    private ITokenPredictor? _playAlongModel;
    private int[] _lastVoicing = Array.Empty<int>();
    private double _decidedUpToPpq = double.NegativeInfinity;
    private readonly List<PlayedChord> _playedChords = new();
    private readonly List<double> _leadBeats = new();
    private const int KeptChords = 64;

    public Accompanist(PhraseListener listener, StyleStore style, NoteEmitter notes, ViewPublisher view)
    {
        _listener = listener;
        _style = style;
        _notes = notes;
        _view = view;
    }

    /// <summary>The play-along slice of the settings, with what it shares with the rest: whether the co-pilot listens
    /// and the style's weight in the blend. The silence that ends a phrase (<paramref name="silenceBeats"/>) no longer
    /// stops play-along: it plays through the phrase ends until its own "Play along stops after".</summary>
    public void Configure(PlayAlongSettings settings, bool enabled, double silenceBeats, float adaptation)
    {
        _settings = settings;
        _enabled = enabled;
        _adaptation = adaptation;
    }

    /// <summary>Where the last chord decided stops sounding (minus infinity: none since the last jump).</summary>
    private double SoundingUntilPpq => _playedChords.Count > 0 ? _playedChords[^1].EndPpq : double.NegativeInfinity;

    /// <summary>How far ahead of its start each chord was decided, in beats (every chord of the session, up to 100,000).</summary>
    public IReadOnlyList<double> ChordLeadBeats => _leadBeats;

    /// <summary>
    /// Engine thread: the model play-along asks (a second runner of the base model, so an answer being written keeps
    /// its own state); null: chords are recognized from the bar just played instead.
    /// </summary>
    public void UseModel(ITokenPredictor? model) => _playAlongModel = model;

    private bool PlayAlongOn => _enabled && _settings.PlayAlong != PlayAlongMode.Off;

    /// <summary>A transport jump: nothing decided stands.</summary>
    public void Jumped()
    {
        _decidedUpToPpq = double.NegativeInfinity;
        _warmedForPpq = double.NegativeInfinity;
        _silentAtCommitPpq = double.NaN;
        _lastVoicing = Array.Empty<int>();
        _playedChords.Clear();
    }

    /// <summary>True while play-along plays: a key is held, or the player has been silent for less than "Play along
    /// stops after" beats (their breaths and rests are played through).</summary>
    private bool PlayerIsPlaying(double now) =>
        _listener.IsSounding || now - _listener.LastActivityPpq < _settings.StopAfter;

    /// <summary>The next place a chord may start after <paramref name="now"/>: the next bar line, or the next half
    /// bar when nothing sounds there (an entry, or a chord the model expected to last half a bar).</summary>
    private double NextChordStartPpq(double now)
    {
        double barPpq = _listener.BarLengthSteps / (double)TokenVocabulary.StepsPerQuarter;
        double origin = _listener.BarOriginPpq;
        double bar = Math.Floor((now - origin) / barPpq + 1e-9);
        double nextBar = origin + (bar + 1) * barPpq;
        if (HalfBarIsOnABeat)
        {
            double half = origin + (bar + 0.5) * barPpq;
            if (half > now + 1e-9 && SoundingUntilPpq <= half + 1e-9) return half;
        }
        return nextBar;
    }

    /// <summary>A chord may change at the half bar when the bar is long enough and its middle falls on a beat (4/4, 6/8,
    /// 12/8; not 3/4, whose middle is half way through its second beat).</summary>
    private bool HalfBarIsOnABeat
    {
        get
        {
            int barSteps = _listener.BarLengthSteps;
            int beat = AccompanimentRhythm.BeatSteps(_listener.Numerator, _listener.Denominator);
            return barSteps >= 12 && barSteps % 2 == 0 && (barSteps / 2) % beat == 0;
        }
    }

    /// <summary>Nanoseconds until play-along must warm its model or decide its next chord (long.MaxValue: nothing to do).</summary>
    public long NanosUntilWork(TimeReference time, long nowNanos)
    {
        if (!PlayAlongOn || !time.Valid) return long.MaxValue;
        double now = time.PpqAt(nowNanos);
        if (!PlayerIsPlaying(now)) return long.MaxValue;
        double start = NextChordStartPpq(now);
        double commit = start - _settings.CommitAhead;
        double next = _playAlongModel is not null && start > _warmedForPpq + 1e-9 ? commit - WarmAheadBeats : commit;
        return Math.Max(0, time.NanosAt(next) - nowNanos);
    }

    // Beats before the commit point at which the model is primed with the music so far: at the commit point only
    // what was played since is run (Prime keeps the prefix it already holds), so a decision costs a few tokens, not a
    // prefill of the whole prompt, and instances deciding on the same downbeat do not queue behind each other.
    private const double WarmAheadBeats = 0.75;
    private double _warmedForPpq = double.NegativeInfinity;
    // The chord point whose commit point found the player silent (an entry may still bring it in).
    private double _silentAtCommitPpq = double.NaN;

    /// <summary>Engine thread: warms the model or decides and sends the next chord when its time has come.</summary>
    public void Poll(double now)
    {
        if (!PlayAlongOn) return;
        double start = NextChordStartPpq(now);
        if (start <= _decidedUpToPpq + 1e-9) return;
        if (now < start - _settings.CommitAhead - 1e-9)
        {
            if (_playAlongModel is { } warmModel && start > _warmedForPpq + 1e-9 && now >= start - _settings.CommitAhead - WarmAheadBeats - 1e-9)
            {
                _warmedForPpq = start;
                if (PlayerIsPlaying(now) && _listener.PlayedSoFar(now) is { } warmPlayed)
                    warmModel.Prime(Context(warmPlayed, StepOf(start, warmPlayed)).Prompt);
            }
            return;
        }
        if (!PlayerIsPlaying(now))
        {
            // Silent at the commit point (after "Play along stops after"): the chord point stays open, and a player who
            // comes back in before it, with half of "Commit ahead" still to spare, brings its chord in on time.
            _silentAtCommitPpq = start;
            return;
        }
        _decidedUpToPpq = start;
        if (_silentAtCommitPpq == start && start - now < _settings.CommitAhead / 2) return;  // came in too late for it
        if (_listener.PlayedSoFar(now) is not { } played) return;
        // The style learns what was played at each downbeat (melody and the player's own chords, before the past is
        // harmonized), so play-along teaches it even when no answer is asked for.
        int barSteps = _listener.BarLengthSteps;
        int step = StepOf(start, played);
        int barStart = (int)Math.Floor((double)step / barSteps) * barSteps;
        bool atDownbeat = step == barStart;
        if (atDownbeat) _style.Learn(played);
        var context = Context(played, step);
        var sheet = context.Sheet;

        ChordDecision? decision;
        var model = _playAlongModel;
        if (model is not null)
        {
            ITokenPredictor predictor = model;
            var style = _style.Played;
            if (_adaptation > 0 && style.TokensObserved > 0) predictor = new BlendedPredictor(model, new MarkovPredictor(style), _adaptation);
            Span<double> recent = stackalloc double[12];
            RecentMelody(sheet, step, barSteps, recent);
            decision = new ChordPlanner(predictor).Decide(context.Prompt, played.Key, atDownbeat, recent);
        }
        else decision = RecognizedChord(sheet, step, barSteps, played.Key, atDownbeat);
        // Mid-bar, "no change" means the chord of the bar's first half goes on to the bar line.
        if (decision is null && !atDownbeat && _playedChords.Count > 0 && _playedChords[^1].EndPpq >= start - 1e-9)
            decision = new ChordDecision(_playedChords[^1].Chord, barSteps / 2);
        if (decision is not { } chosen) return;

        int half = barSteps / 2;
        int spanSteps = barStart + barSteps - step;
        if (atDownbeat && HalfBarIsOnABeat && chosen.DurationSteps <= half) spanSteps = half;
        Play(chosen.Chord, start, spanSteps, now, sheet, barStart, played.BarOriginPpq);
    }

    private sealed record PlayAlongContext(LeadSheet Sheet, int[] Prompt);

    private static int StepOf(double ppq, Phrase played) => (int)Math.Round((ppq - played.BarOriginPpq) * TokenVocabulary.StepsPerQuarter);

    /// <summary>The music so far as the model reads it before a chord at <paramref name="step"/>: the played melody
    /// (and chords) with the past harmonized as it fits what was played, and the prompt ending at that position.</summary>
    private PlayAlongContext Context(Phrase played, int step)
    {
        var sheet = played.Context;
        // The player's own chords when they played some; else the past's harmony as it fits the melody. Feeding the
        // model its own earlier choices instead locks it on one chord: on POP909's validation songs one chord held
        // for whole songs (4 distinct per song against the arrangement's 15).
        Harmonizer.AddChords(sheet, played.Key);
        return new PlayAlongContext(sheet, PromptBuilder.BuildUntil(sheet, step, Answering.AnswerPlan.PromptBarsOf(_listener.BarLengthSteps), _listener.Numerator, _listener.Denominator));
    }

    private void Play(ChordSymbol chord, double startPpq, int spanSteps, double now, LeadSheet sheet, int barStart, double originPpq)
    {
        double endPpq = startPpq + spanSteps / (double)TokenVocabulary.StepsPerQuarter;
        var voicing = ChordVoicer.Voice(chord, _settings.AccompanimentRegister, _lastVoicing);
        _lastVoicing = voicing;
        int beat = AccompanimentRhythm.BeatSteps(_listener.Numerator, _listener.Denominator);
        var strikes = AccompanimentRhythm.Strikes(_settings.AccompanimentPattern, spanSteps, beat, LeftHandOffsets(sheet, barStart, originPpq));
        int velocity = AccompanimentVelocity(sheet);
        foreach (var (offset, length) in strikes)
        {
            double on = startPpq + offset / (double)TokenVocabulary.StepsPerQuarter;
            double end = on + length / (double)TokenVocabulary.StepsPerQuarter;
            foreach (int pitch in voicing) Emit(on, end, pitch, velocity);
            if (_settings.PlayAlong == PlayAlongMode.ChordsAndBass && (offset == 0 || _settings.AccompanimentPattern == AccompanimentPattern.Pulse && offset % (2 * beat) == 0))
                Emit(on, end, ChordVoicer.Bass(chord, _settings.AccompanimentRegister), Math.Min(127, velocity + 6));
        }
        _playedChords.Add(new PlayedChord(startPpq, endPpq, chord));
        if (_playedChords.Count > KeptChords) _playedChords.RemoveAt(0);
        if (_leadBeats.Count < 100_000) _leadBeats.Add(startPpq - now);
        _view.Chords(_playedChords.TakeLast(8).ToArray());
    }

    private void Emit(double on, double end, int pitch, int velocity) =>
        _notes.Note(on, end, pitch, velocity, SuggestionRole.Accompaniment, take: 0, phrase: 0, channel: Math.Clamp(_settings.AccompanimentChannel, 0, 15));

    /// <summary>Without a model: the chord of the melody just played (the half bar or bar before), in the key.</summary>
    private static ChordDecision? RecognizedChord(LeadSheet sheet, int step, int barSteps, Key key, bool atDownbeat)
    {
        int from = step - (atDownbeat ? barSteps : barSteps / 2);
        Span<double> profile = stackalloc double[12];
        foreach (var n in sheet.Melody)
        {
            int overlap = Math.Min(step, n.Step + n.DurationSteps) - Math.Max(from, n.Step);
            if (overlap > 0) profile[n.Pitch % 12] += overlap;
        }
        if (!ChordRecognizer.TryRecognize(profile, -1, key, out var chord)) return null;
        return new ChordDecision(chord, barSteps);
    }

    /// <summary>The pitch classes of the melody of the last bar before a step, weighted by how long each sounded and by how
    /// recently (the last beat counts three times the first): where the melody is now says most about where it goes.</summary>
    private static void RecentMelody(LeadSheet sheet, int step, int barSteps, Span<double> profile)
    {
        int from = step - barSteps;
        foreach (var n in sheet.Melody)
        {
            int start = Math.Max(from, n.Step), end = Math.Min(step, n.Step + n.DurationSteps);
            if (end <= start) continue;
            double recency = 1 + 2.0 * ((start + end) / 2.0 - from) / barSteps;
            profile[n.Pitch % 12] += (end - start) * recency;
        }
    }

    /// <summary>Onsets (steps into the bar) of what the player's own accompaniment played in the last whole bar.</summary>
    private List<int>? LeftHandOffsets(LeadSheet sheet, int barStart, double originPpq)
    {
        if (_settings.AccompanimentPattern != AccompanimentPattern.LeftHand) return null;
        int barSteps = _listener.BarLengthSteps;
        int from = barStart - barSteps;
        var melodySteps = sheet.Melody.Select(n => n.Step).ToHashSet();
        var offsets = new List<int>();
        foreach (var n in _listener.Notes)
        {
            int s = (int)Math.Round((n.StartPpq - originPpq) * TokenVocabulary.StepsPerQuarter);
            if (s >= from && s < barStart && !melodySteps.Contains(s)) offsets.Add(s - from);
        }
        return offsets;
    }

    private int AccompanimentVelocity(LeadSheet sheet)
    {
        if (sheet.Melody.Count == 0) return 72;
        double mean = sheet.Melody.TakeLast(16).Average(n => n.Velocity);
        return (int)Math.Clamp(mean * 0.85, 30, 110);
    }
}
