using System.Diagnostics;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Listening;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Live;

/// <summary>
/// The live co-pilot of one plug-in instance, run on the engine thread: it listens to the player through
/// <see cref="Handle"/>, learns their style phrase by phrase, and when a phrase ends (silence, or a trigger) streams
/// a continuation to the sink, note by note as each is sampled, timed from the next bar line. Other variations are
/// written after the first is on its way and kept as <see cref="Takes"/> for the editor. An answer is written a note
/// at a time by <see cref="WorkOnAnswer"/>, between inputs, so it can be cancelled at once.
/// Style saving and loading may come from another thread: the style lock guards only the style model's changes
/// (learning a phrase, loading a style), never generation, so a host saving its project waits for no answer.
/// </summary>
public sealed partial class CopilotSession
{
    private readonly object _styleLock = new();
    private readonly ISuggestionSink _sink;
    private readonly PhraseListener _listener;
    private readonly TimeReference _time = new();
    private VariableOrderMarkovModel _style = MarkovModels.CreateStyleModel();
    private ContinuationComposer _composer;
    private ITokenPredictor? _baseModel;
    private OriginalityIndex? _guard;
    // Bars of context given to the model: enough for the phrase, short enough that the prefill keeps the first
    // note within a few milliseconds (the style model remembers everything older).
    private const int PromptBars = 4;
    private uint _generation = 1;
    private double _learnedUpToPpq = double.NegativeInfinity;
    private int _phraseCount;
    private double _silenceBeats;
    private double _preparedAtPpq = double.NegativeInfinity;

    public CopilotSession(ISuggestionSink sink, ITokenPredictor? baseModel = null)
    {
        _sink = sink;
        _baseModel = baseModel;
        _listener = new PhraseListener(new PhraseListenerSettings { SilenceBeats = 1.5 });
        _silenceBeats = 1.5;
        _composer = new ContinuationComposer(_style, _baseModel);
    }

    public LiveSettings Settings { get; set; } = new();
    public Key? LastKey { get; private set; }
    public int PhraseCount => _phraseCount;
    public int SuggestionsDropped { get; private set; }
    public IReadOnlyList<Take> Takes { get; private set; } = Array.Empty<Take>();
    public Phrase? LastPhrase { get; private set; }
    public long StyleTokens { get { lock (_styleLock) return _style.TokensObserved; } }
    /// <summary>What the style model has learned and the memory it takes (it stops growing at its limits).</summary>
    public StyleFootprint StyleSize
    {
        get { lock (_styleLock) return new(_style.NodeCount, _style.FollowerCount, _style.UsedBytes, _style.ApproximateBytes); }
    }

    /// <summary>Sets (or removes) the base model the player's style is blended with.</summary>
    public void SetBaseModel(ITokenPredictor? model)
    {
        lock (_styleLock)
        {
            _baseModel = model;
            _composer = NewComposer();
        }
    }

    /// <summary>Sets the originality guard (the training corpus's n-gram index), or removes it.</summary>
    public void SetOriginalityIndex(OriginalityIndex? index)
    {
        lock (_styleLock)
        {
            _guard = index;
            _composer.Generator.Guard = index;
        }
    }

    private ContinuationComposer NewComposer()
    {
        var composer = new ContinuationComposer(_style, _baseModel, Settings.Adaptation);
        composer.Generator.Guard = _guard;
        return composer;
    }

    public void Handle(in LiveInput input, long nowNanos)
    {
        switch (input.Kind)
        {
            case LiveInputKind.Clock:
                _time.Update(input.Ppq, input.Tempo, nowNanos);
                _listener.SetMeter(input.Numerator, input.Denominator, input.BarStartPpq);
                break;
            case LiveInputKind.NoteOn:
                _listener.NoteOn(input.Ppq, input.Data1, input.Data2, input.Channel);
                break;
            case LiveInputKind.NoteOff:
                _listener.NoteOff(input.Ppq, input.Data1, input.Channel);
                break;
            case LiveInputKind.Sustain:
                _listener.Sustain(input.Ppq, input.Data2 >= 64);
                break;
            case LiveInputKind.Jump:
                _generation = (uint)input.Generation;
                CancelAnswer();
                _pending = null;
                _listener.Reset();
                _learnedUpToPpq = double.NegativeInfinity;
                break;
            case LiveInputKind.Trigger:
                if (Settings.Enabled && _listener.Trigger(input.Ppq) is { } phrase) Answer(phrase, nowNanos);
                break;
        }
    }

    /// <summary>Called every millisecond or so: notices a phrase that ended in silence and answers it.</summary>
    public void Poll(long nowNanos)
    {
        RunCommands(nowNanos);
        RefreshViewClock(nowNanos);
        if (Math.Abs(Settings.SilenceBeats - _silenceBeats) > 1e-9)
        {
            _silenceBeats = Settings.SilenceBeats;
            _listener.Configure(new PhraseListenerSettings { SilenceBeats = _silenceBeats });
        }
        // A parameter change makes the answer being written stale: what is written stays, the rest is dropped.
        if (_job is { } job && job.Answer.Settings != Settings) CancelAnswer();
        if (!Settings.Enabled || !_time.Valid) return;
        double now = _time.PpqAt(nowNanos);
        if (Settings.AutoAnswer && _listener.Advance(now) is { } phrase) Answer(phrase, nowNanos);
        else if (Settings.AutoAnswer) PrepareAnswer(now);
        if (_pending is null) Prepare(now);
    }

    /// <summary>
    /// Nanoseconds until the session has something to do without new input: a phrase end to prepare or answer, a
    /// pause to pre-read (0: now; long.MaxValue: nothing timed). Input itself is noticed when the engine thread next
    /// drains its ring.
    /// </summary>
    public long NanosUntilWork(long nowNanos)
    {
        if (!_commands.IsEmpty || _job is not null) return 0;
        if (!Settings.Enabled || !_time.Valid) return long.MaxValue;
        double next = double.PositiveInfinity;
        double end = _listener.PhraseEndPpq;
        if (Settings.AutoAnswer && double.IsFinite(end)) next = _pending is null ? end - PrepareAheadBeats : end;
        if (_baseModel is not null && !_listener.IsSounding && _listener.HasUnansweredNotes) next = Math.Min(next, _preparedAtPpq + 0.5);
        if (!double.IsFinite(next)) return long.MaxValue;
        return Math.Max(0, _time.NanosAt(next) - nowNanos);
    }

    // While the player pauses, the base model reads the phrase so far: when the phrase ends, only what changed since
    // is left to read, and the first note follows within a few milliseconds (the neural model's cache keeps the
    // common part of the prompt; see NeuralPredictor.Prime).
    private void Prepare(double now)
    {
        if (_baseModel is null || _job is not null || _listener.IsSounding || !_listener.HasUnansweredNotes) return;
        if (now - _preparedAtPpq < 0.5) return;
        if (_listener.Peek(now) is not { } phrase) return;
        _preparedAtPpq = now;
        if (Settings.Mode != GenerationMode.Melody) Harmonizer.AddChords(phrase.Context, phrase.Key);  // as Answer will
        var lastBar = phrase.Context.Bars.Count > 0 ? phrase.Context.Bars[^1] : new LeadBar(0, 4, 4);
        int[] prompt = PromptBuilder.Build(phrase.Context, phrase.GenerationStartStep, PromptBars, lastBar.Numerator, lastBar.Denominator);
        _baseModel.Prime(prompt);  // the engine thread's own: no lock
    }

    /// <summary>Time from the moment a phrase was answered to its first note being sent, for the last phrase.</summary>
    public double LastFirstNoteMs { get; private set; }

    /// <summary>How many answers were ready before their phrase ended (prepared during the last half beat of silence).</summary>
    public int PreparedAnswers { get; private set; }

    private PreparedAnswer? _pending;
    private AnswerJob? _job;
    private const int NotesPreparedAhead = 4;
    private const double PrepareAheadBeats = 0.5;

    /// <summary>True while an answer (or a regeneration) is being written.</summary>
    public bool IsAnswering => _job is not null;

    /// <summary>Where the answer being written is, for the status line ("" when none is).</summary>
    public string AnswerProgress => _job is { } job ? $"writing take {job.Variation + 1} of {job.Answer.Generation.Variations}" : "";

    /// <summary>How long the last whole answer took to write, every take, and when it started and ended (monotonic ns).</summary>
    public double LastAnswerMs { get; private set; }
    public (long Start, long End) LastAnswerWindow { get; private set; }

    private void Answer(Phrase phrase, long nowNanos)
    {
        long started = Stopwatch.GetTimestamp();
        CancelAnswer();  // a new phrase supersedes an answer still being written
        long phraseEndNanos = phrase.Triggered ? nowNanos : _time.NanosAt(phrase.Notes.Count == 0 ? phrase.DetectedAtPpq : phrase.Notes.Max(n => n.EndPpq) + _silenceBeats);
        var answer = _pending;
        _pending = null;
        bool prepared = answer is not null && answer.ListenerVersion == _listener.Version && answer.Settings == Settings &&
                        answer.Phrase.GenerationStartStep == phrase.GenerationStartStep &&
                        answer.Phrase.ContinuationStartStep == phrase.ContinuationStartStep;
        if (prepared) PreparedAnswers++;
        else answer = Begin(phrase, _phraseCount + 1);
        _phraseCount++;
        LastPhrase = answer!.Phrase;
        LastKey = answer.Phrase.Key;
        var job = new AnswerJob(answer, _composer.Generator, streams: true, phraseEndNanos, NowNanos());
        foreach (var note in answer.Notes) Stream(answer.Phrase, note, phraseEndNanos);
        _job = job;
        // The first note goes out at once; the rest of the answer is written between inputs (WorkOnAnswer).
        while (_job == job && job.Variation == 0 && job.Current.Count == 0) WorkOnAnswer(1);
        if (job.Takes.Count > 0 || job.Current.Count > 0) LastFirstNoteMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>
    /// Engine thread: writes up to <paramref name="notes"/> more notes of the answer in progress (a take's end or the
    /// start of the next take counts as one). The first take's notes go to the player as they are sampled.
    /// </summary>
    public void WorkOnAnswer(int notes)
    {
        for (int i = 0; i < notes && _job is { } job; i++)
        {
            if (job.Generator.TryNext(out var note))
            {
                job.Current.Add(note);
                if (job.Streams && job.Variation == 0) Stream(job.Answer.Phrase, note, job.PhraseEndNanos);
                continue;
            }
            job.TokensWritten += job.Generator.TokensGenerated;
            job.Takes.Add(new Take(job.Variation, job.Current, job.Generator.TokensGenerated));
            if (job.Variation == 0 && job.Streams) AnswerPlaying(job.Answer.Phrase, job.Current);
            Takes = job.Takes.ToArray();  // the editor shows each take as soon as it is written
            PublishView();
            job.Variation++;
            if (job.Variation < job.Answer.Generation.Variations)
            {
                job.Current = new List<GeneratedNote>();
                var a = job.Answer;
                job.Generator.Begin(a.Prompt, a.Phrase.GenerationStartStep, a.LastBar.Numerator, a.LastBar.Denominator, a.Generation, a.Phrase.Key, job.Variation);
            }
            else
            {
                long end = NowNanos();
                LastAnswerMs = (end - job.StartedNanos) / 1e6;
                LastAnswerWindow = (job.StartedNanos, end);
                _job = null;
            }
        }
    }

    /// <summary>Engine thread (or any thread while the engine thread is stopped): drops the answer being written; the
    /// takes already written stay, the notes already sent play on.</summary>
    public void CancelAnswer() => _job = null;

    // Learns the phrase and starts the first take.
    private PreparedAnswer Begin(Phrase phrase, int phraseNumber)
    {
        var settings = new GenerationSettings
        {
            Bars = Settings.Bars,
            Variations = Settings.Variations,
            Mode = Settings.Mode,
            Temperature = Settings.Temperature,
            Density = Settings.Density,
            KeyLock = Settings.KeyLock,
            Seed = (ulong)phraseNumber * 7919UL + 17,
        };  // within the table's ranges already (the wrapper sanitized each value once); the generator checks again
        var context = phrase.Context;
        if (settings.Mode != GenerationMode.Melody) Harmonizer.AddChords(context, phrase.Key);
        lock (_styleLock) Learn(phrase);  // the only change to the style model, and the only wait a saving host can meet
        if (_composer.Predictor is BlendedPredictor blend) blend.StyleWeight = Settings.Adaptation;
        var lastBar = context.Bars.Count > 0 ? context.Bars[^1] : new LeadBar(0, 4, 4);
        int[] prompt = PromptBuilder.Build(context, phrase.GenerationStartStep, PromptBars, lastBar.Numerator, lastBar.Denominator);
        _composer.Generator.Begin(prompt, phrase.GenerationStartStep, lastBar.Numerator, lastBar.Denominator, settings, phrase.Key, 0);
        return new PreparedAnswer
        {
            Phrase = phrase, Generation = settings, Settings = Settings, Prompt = prompt, LastBar = lastBar, ListenerVersion = _listener.Version,
        };
    }

    // In the last half beat before a pause becomes a phrase end, the answer is begun and its first notes sampled,
    // so when the phrase ends they go out at once. A note played in the meantime makes it stale: it is dropped.
    private void PrepareAnswer(double now)
    {
        if (_pending is { } pending && pending.ListenerVersion != _listener.Version) _pending = null;
        double end = _listener.PhraseEndPpq;
        if (_pending is not null || _job is not null || !double.IsFinite(end) || end - now > PrepareAheadBeats) return;
        if (_listener.Peek(end) is not { } phrase) return;
        var answer = Begin(phrase, _phraseCount + 1);
        var generator = _composer.Generator;
        while (answer.Notes.Count < NotesPreparedAhead && generator.TryNext(out var note)) answer.Notes.Add(note);
        _pending = answer;
    }

    private void Stream(Phrase phrase, GeneratedNote note, long phraseEndNanos)
    {
        double on = phrase.PlaybackPpq(note.Step);
        // Released a touch early so a repeated pitch can strike again cleanly.
        double off = Math.Max(on + 0.05, phrase.PlaybackPpq(note.Step + note.DurationSteps) - 0.02);
        int velocity = Math.Clamp(note.Velocity, 1, 127);
        if (!_sink.TryEmit(new Suggestion(on, true, note.Pitch, velocity, 0, _phraseCount, _generation, phraseEndNanos))) SuggestionsDropped++;
        if (!_sink.TryEmit(new Suggestion(off, false, note.Pitch, 0, 0, _phraseCount, _generation, phraseEndNanos))) SuggestionsDropped++;
    }

    /// <summary>The style model learns the notes of the phrase it has not heard before (the caller holds the style lock).</summary>
    private void Learn(Phrase phrase)
    {
        var fresh = phrase.Notes.Where(n => n.StartPpq >= _learnedUpToPpq).ToList();
        if (fresh.Count == 0) return;
        double from = fresh.Min(n => n.StartPpq);
        int fromStep = (int)Math.Round((from - phrase.BarOriginPpq) * TokenVocabulary.StepsPerQuarter);
        var sheet = new LeadSheet();
        foreach (var bar in phrase.Context.Bars)
            if (bar.EndStep > fromStep) sheet.Bars.Add(bar);
        if (sheet.Bars.Count == 0) return;
        int start = sheet.Bars[0].StartStep;
        sheet.Melody.AddRange(phrase.Context.Melody.Where(n => n.Step >= start));
        sheet.Chords.AddRange(phrase.Context.Chords.Where(c => c.Step >= start));
        _style.Train(Tokenizer.Encode(sheet).ToArray());
        _learnedUpToPpq = phrase.Notes.Max(n => n.EndPpq);
    }

    /// <summary>The learned style, as saved in the DAW project.</summary>
    public byte[] SaveStyle()
    {
        lock (_styleLock) return _style.ToBytes();
    }

    /// <summary>Restores a saved style. On refusal the current style stays and the reason is returned.</summary>
    public bool LoadStyle(ReadOnlySpan<byte> data, out string reason)
    {
        try
        {
            var model = VariableOrderMarkovModel.FromBytes(data, TokenVocabulary.Hash);
            lock (_styleLock)
            {
                _style = model;
                _composer = NewComposer();
            }
            reason = "";
            return true;
        }
        catch (MarkovModelFormatException e)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <summary>Monotonic nanoseconds, the clock the wrapper reads too (CLOCK_MONOTONIC on Linux).</summary>
    public static long NowNanos() => (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
}
