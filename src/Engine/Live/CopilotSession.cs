using System.Diagnostics;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Listening;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Live;

/// <summary>
/// The live co-pilot of one plug-in instance, run on the engine thread (this file: its state, the input it is handed
/// and its timing; the other CopilotSession files each do one thing: Preparing, Answering, PlayAlong, Style, Takes, View: the snapshot): it listens to the player through
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
    // What the player's own files taught (Learn files): a model of its own beside what they play (StyleWithLibrary).
    private VariableOrderMarkovModel? _library;
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
        var composer = new ContinuationComposer(_style, _baseModel, Settings.Adaptation, _library);
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
                ResetPlayAlong();
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
        RefreshSnapshotClock(nowNanos);
        if (Math.Abs(Settings.SilenceBeats - _silenceBeats) > 1e-9)
        {
            _silenceBeats = Settings.SilenceBeats;
            _listener.Configure(new PhraseListenerSettings { SilenceBeats = _silenceBeats });
        }
        // A parameter change makes the answer being written stale: what is written stays, the rest is dropped.
        if (_job is { } job && job.Answer.Settings != Settings) CancelAnswer();
        if (Settings.Enabled && _time.Valid)
        {
            double now = _time.PpqAt(nowNanos);
            PollPlayAlong(now);  // first: its chord has a downbeat to meet
            if (Settings.AutoAnswer && _listener.Advance(now) is { } phrase) Answer(phrase, nowNanos);
            else if (Settings.AutoAnswer) PrepareAnswer(now);
            if (_pending is null) Prepare(now);
        }
        // Files the musician gave to learn: one at a time, after the music's own work, never while an answer is written.
        if (_job is null) LearnNextFile();
    }

    /// <summary>
    /// Nanoseconds until the session has something to do without new input: a phrase end to prepare or answer, a
    /// pause to pre-read (0: now; long.MaxValue: nothing timed). Input itself is noticed when the engine thread next
    /// drains its ring.
    /// </summary>
    public long NanosUntilWork(long nowNanos)
    {
        if (!_commands.IsEmpty || _job is not null || IsLearning) return 0;
        if (!Settings.Enabled || !_time.Valid) return long.MaxValue;
        double next = double.PositiveInfinity;
        double end = _listener.PhraseEndPpq;
        if (Settings.AutoAnswer && double.IsFinite(end)) next = _pending is null ? end - PrepareAheadBeats : end;
        if (_baseModel is not null && !_listener.IsSounding && _listener.HasUnansweredNotes) next = Math.Min(next, _preparedAtPpq + 0.5);
        long playAlong = NanosUntilPlayAlong(nowNanos);
        if (!double.IsFinite(next)) return playAlong;
        return Math.Min(playAlong, Math.Max(0, _time.NanosAt(next) - nowNanos));
    }

    /// <summary>Monotonic nanoseconds, the clock the wrapper reads too (CLOCK_MONOTONIC on Linux).</summary>
    public static long NowNanos() => (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
}
