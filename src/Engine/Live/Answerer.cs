using System.Diagnostics;
using AiCoPilot.Engine.Answering;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Listening;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Taste;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Live;

/// <summary>
/// Answers the player's phrases, on the engine thread: when a phrase ends (silence, or a trigger) it writes an answer
/// (<see cref="AnswerWriting"/>, the pipeline the command and the evaluation use too) a note at a time between inputs,
/// streams the first take to the player as each note is sampled, timed from the next bar line, and shows the takes
/// chosen from the answer's pool. While the player pauses it gets ready: the model reads the phrase so far, and in the
/// last half beat before the phrase end the answer is begun and its first notes sampled, so they go out at once. It
/// also carries out the editor's commands on the takes (audition, accept, drag out, export, regenerate, delete, more
/// like this), each of which teaches the musician's taste (<see cref="TasteLearner"/>, kept in the <see cref="StyleStore"/>),
/// and the taste chooses among the likely and different candidates of each new answer's pool.
/// Owns the answers, the takes and the models they are written with.
/// </summary>
public sealed class Answerer
{
    /// <summary>How long before the phrase end the answer is begun.</summary>
    public const double PrepareAheadBeats = 0.5;
    private const int NotesPreparedAhead = 4;

    private readonly PhraseListener _listener;
    private readonly TimeReference _time;
    private readonly StyleStore _style;
    private readonly NoteEmitter _notes;
    private readonly ViewPublisher _view;
    private readonly TurnNotes _turnNotes;
    private readonly TasteLearner _taste = new();
    private double _nowPpq = double.NegativeInfinity;  // where the music was at the last poll (turn notes are sent from it)
    private AnswerSettings _settings = new();
    private bool _enabled = true;
    private double _silenceBeats = ParameterTable.SilenceBeats.Default;
    private ITokenPredictor? _baseModel;
    private OriginalityIndex? _guard;
    private AnswerModels? _models;
    private int _modelsStyleVersion;
    private LiveAnswer? _prepared, _writing;
    private double _primedAtPpq = double.NegativeInfinity;
    private int _regenerations;
    private (int Take, double From, double To, bool Preview) _playing = NotPlaying;
    private static readonly (int, double, double, bool) NotPlaying = (-1, double.NaN, double.NaN, false);

    public Answerer(PhraseListener listener, TimeReference time, StyleStore style, NoteEmitter notes, ViewPublisher view)
    {
        _listener = listener;
        _time = time;
        _style = style;
        _notes = notes;
        _view = view;
        _turnNotes = new TurnNotes(notes);
    }

    public IReadOnlyList<Take> Takes { get; private set; } = Array.Empty<Take>();
    public Phrase? LastPhrase { get; private set; }
    public Key? LastKey { get; private set; }
    public int PhraseCount { get; private set; }
    /// <summary>Time from the moment a phrase was answered to its first note being sent, for the last phrase.</summary>
    public double LastFirstNoteMs { get; private set; }
    /// <summary>How many answers were ready before their phrase ended (prepared during the last half beat of silence).</summary>
    public int PreparedAnswers { get; private set; }
    /// <summary>How long the last whole answer took to write, every take.</summary>
    public double LastAnswerMs { get; private set; }
    /// <summary>How many candidates the last whole answer chose its takes from.</summary>
    public int LastPoolSize { get; private set; }
    /// <summary>True while an answer (or a regeneration) is being written.</summary>
    public bool IsWriting => _writing is not null;
    /// <summary>Where the answer being written is, for the status line ("" when none is).</summary>
    public string Progress => _writing?.Writing.Describe() ?? "";
    /// <summary>True when a base model is there to blend with the style (the neural model, once loaded).</summary>
    public bool HasBaseModel => _baseModel is not null;
    // Trading bars: answers come on the co-pilot's turns (the Trader), never after a silence.
    private bool Trading => _settings.Trade != TradeLength.Off;

    /// <summary>The answer slice of the settings, and what it shares with the rest: whether the co-pilot listens and the
    /// silence that ends a phrase. A change of the answer's own controls drops the answer being written (what is
    /// written stays); other groups' changes never touch it.</summary>
    public void Configure(AnswerSettings settings, bool enabled, double silenceBeats)
    {
        if (_writing is { } answer && (answer.Settings != settings || !enabled)) Cancel();
        _settings = settings;
        _enabled = enabled;
        _silenceBeats = silenceBeats;
    }

    /// <summary>The base model the style is blended with (null: the style alone) and the originality guard. An answer
    /// being written keeps the models it began with; one prepared ahead is begun again on the new ones.</summary>
    public void UseModels(ITokenPredictor? baseModel, OriginalityIndex? guard)
    {
        _baseModel = baseModel;
        _guard = guard;
        _models = null;
        _prepared = null;
    }

    /// <summary>A transport jump: the answer being written and the one prepared are dropped.</summary>
    public void Jumped()
    {
        Cancel();
        _prepared = null;
        _turnNotes.Clear();
        // The audio thread drops the rest of a take playing (a stop, a locate, Listen off are jumps): none is shown playing.
        if (_playing.Take >= 0) SetPlaying(NotPlaying);
    }

    /// <summary>Drops the answer being written; the takes already written stay, the notes already sent play on.</summary>
    public void Cancel()
    {
        _writing?.Writing.Release();
        _writing = null;
    }

    /// <summary>Engine thread: answers a phrase that ended in silence (Auto), or gets ready for one.</summary>
    public void Poll(double now, long nowNanos)
    {
        _nowPpq = now;
        _turnNotes.Send(now + TurnNotes.SendAheadBeats);
        if (!_enabled) return;
        if (_settings.AnswersOnSilence && !Trading && _listener.Advance(now) is { } phrase) Answer(phrase, nowNanos);
        else if (_settings.AnswersOnSilence && !Trading) PrepareAnswer(now);
        if (_prepared is null) PrimeModel(now);
    }

    /// <summary>The co-pilot's turn of a trade: answers what the player played until now with <paramref name="bars"/>
    /// bars from <paramref name="downbeatPpq"/>, nothing sounding past <paramref name="endPpq"/>. False when nothing
    /// was played.</summary>
    public bool AnswerTurn(double nowPpq, long nowNanos, double downbeatPpq, double endPpq, int bars)
    {
        if (!_enabled || _listener.Trigger(nowPpq) is not { } phrase) return false;
        _nowPpq = nowPpq;
        _turnNotes.StartTurn(endPpq);
        Answer(phrase, nowNanos, turnBars: bars);
        _turnNotes.Send(downbeatPpq + TurnNotes.SendAheadBeats);  // the turn's first notes, before their downbeat
        return true;
    }

    /// <summary>The player took the turn back: nothing of the answer sounds from <paramref name="atPpq"/> on (the takes
    /// still get written for the editor).</summary>
    public void Yield(double atPpq) => _turnNotes.Yield(atPpq);

    /// <summary>Shortly before a decision the model reads the music so far (also while the player still plays), so the
    /// decision costs a few tokens.</summary>
    public void WarmFor(double nowPpq)
    {
        if (_baseModel is null || _writing is not null || _listener.Peek(nowPpq) is not { } phrase) return;
        _primedAtPpq = nowPpq;
        _baseModel.Prime(AnswerPlan.For(phrase.Context, phrase.GenerationStartStep, phrase.Key, _settings.ToGeneration(0)).Prompt);
    }

    /// <summary>"Suggest now" (the parameter, its MIDI CC or the editor): answers what was played until now.</summary>
    public void Trigger(double ppq, long nowNanos)
    {
        if (_enabled && _listener.Trigger(ppq) is { } phrase) Answer(phrase, nowNanos);
    }

    /// <summary>Nanoseconds until answering has something to do without new input (0: now; long.MaxValue: nothing timed).</summary>
    public long NanosUntilWork(long nowNanos)
    {
        if (_writing is not null) return 0;
        if (!_enabled || !_time.Valid) return long.MaxValue;
        double next = double.PositiveInfinity;
        double end = _listener.PhraseEndPpq;
        if (_settings.AnswersOnSilence && !Trading && double.IsFinite(end)) next = _prepared is null ? end - PrepareAheadBeats : end;
        if (_baseModel is not null && !_listener.IsSounding && _listener.HasUnansweredNotes) next = Math.Min(next, _primedAtPpq + 0.5);
        next = Math.Min(next, _turnNotes.NextOnsetPpq - TurnNotes.SendAheadBeats);
        return double.IsFinite(next) ? Math.Max(0, _time.NanosAt(next) - nowNanos) : long.MaxValue;
    }

    /// <summary>
    /// Engine thread: writes up to <paramref name="steps"/> more steps of the answer in progress (a note, the end of a
    /// candidate, or a step of the pool's batch). The first take's notes go to the player as they are sampled.
    /// </summary>
    public void Work(int steps)
    {
        for (int i = 0; i < steps && _writing is { } answer; i++)
        {
            var writing = answer.Writing;
            int variation = writing.Variation;
            switch (writing.Write(out var note))
            {
                case AnswerWriting.Progress.Note:
                    if (answer.Streams && variation == 0) Stream(answer, note);
                    break;
                case AnswerWriting.Progress.Candidate:
                    if (variation == 0 && answer.Streams) FirstTakePlays(answer.Phrase, writing.Pool.Candidates[0].Notes);
                    // The editor shows each take as soon as it is written, and the chosen ones when the pool is full.
                    if (writing.Pool.Count <= writing.Pool.Shown || writing.Pool.Full) ShowTakes(writing);
                    if (writing.Finished) Finish(answer);
                    break;
            }
        }
    }

    /// <summary>Engine thread: an editor command on the takes (Suggest now is <see cref="Trigger"/>). A command names a
    /// take among the takes the musician saw: it goes to that take if it is still shown, else to none.</summary>
    public void Command(TakeCommand command, long nowNanos)
    {
        int take = Resolve(command);
        switch (command.Kind)
        {
            case TakeCommandKind.Audition: Play(take, preview: true, nowNanos); break;
            case TakeCommandKind.Accept:
                Learn(_taste.Kept(command.Shown, command.Take));
                Play(take, preview: false, nowNanos);
                break;
            case TakeCommandKind.DragOut:
            case TakeCommandKind.Export:
                Learn(_taste.Kept(command.Shown, command.Take));
                break;
            case TakeCommandKind.Regenerate:
                if (_style.LearnsTaste) _taste.Regenerated(command.Shown);
                Regenerate();
                break;
            case TakeCommandKind.Delete:
                Learn(_taste.Deleted(command.Shown, command.Take));
                Delete(take);
                break;
            case TakeCommandKind.MoreLikeThis:
                Learn(_taste.MoreLike(command.Shown, command.Take));
                MoreLikeThis(take);
                break;
            case TakeCommandKind.ForgetTaste: _style.ForgetTaste(); break;
            case TakeCommandKind.ShareTaste: _style.SharesTaste = command.Take != 0; break;
        }
    }

    // The index among the takes shown now of the take the command names (-1: it is no longer shown).
    private int Resolve(TakeCommand command)
    {
        if (command.Shown is not { } shown || ReferenceEquals(shown, Takes)) return command.Take;
        if ((uint)command.Take >= (uint)shown.Count) return -1;
        var takes = Takes;
        for (int i = 0; i < takes.Count; i++)
            if (ReferenceEquals(takes[i], shown[command.Take])) return i;
        return -1;
    }

    // What a gesture taught: the taste's comparisons, and a kept take to the style as the player's own material.
    private void Learn(TasteLesson lesson)
    {
        if (!_style.LearnsTaste) return;
        _style.LearnTaste(lesson.Comparisons, kept: lesson.Kept is not null);
        if (lesson.Kept is { } take && lesson.Answered is { } phrase) _style.LearnTake(take, phrase);
    }

    // turnBars: an answer on the co-pilot's turn of a trade, that many bars long, its notes held until shortly before
    // they sound (TurnNotes), no latency figure (it is decided ahead of its downbeat on purpose).
    private void Answer(Phrase phrase, long nowNanos, int turnBars = 0)
    {
        long started = Stopwatch.GetTimestamp();
        Cancel();  // a new phrase supersedes an answer still being written
        long phraseEndNanos = turnBars > 0 ? 0 : phrase.Triggered ? nowNanos : _time.NanosAt(phrase.Notes.Count == 0 ? phrase.DetectedAtPpq : phrase.Notes.Max(n => n.EndPpq) + _silenceBeats);
        var answer = _prepared;
        _prepared = null;
        bool prepared = answer is not null && answer.ListenerVersion == _listener.Version && answer.Settings == _settings &&
                        ReferenceEquals(answer.Writing.Models, CurrentModels()) &&
                        answer.Phrase.GenerationStartStep == phrase.GenerationStartStep &&
                        answer.Phrase.ContinuationStartStep == phrase.ContinuationStartStep;
        if (prepared && turnBars == 0) PreparedAnswers++;
        else answer = Begin(phrase, PhraseCount + 1, streams: true, turnBars);
        PhraseCount++;
        LastPhrase = answer!.Phrase;
        LastKey = answer.Phrase.Key;
        answer.Started(phraseEndNanos, NowNanos());
        foreach (var note in answer.Prepared) Stream(answer, note);
        _writing = answer;
        // The first note goes out at once; the rest of the answer is written between inputs (Work).
        var writing = answer.Writing;
        while (_writing == answer && writing.Variation == 0 && writing.Current.Count == 0) Work(1);
        if (writing.Pool.Count > 0 || writing.Current.Count > 0) LastFirstNoteMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    // In the last half beat before a pause becomes a phrase end, the answer is begun and its first notes sampled,
    // so when the phrase ends they go out at once. A note played in the meantime makes it stale: it is dropped.
    private void PrepareAnswer(double now)
    {
        if (_prepared is { } stale && stale.ListenerVersion != _listener.Version) _prepared = null;
        double end = _listener.PhraseEndPpq;
        if (_prepared is not null || _writing is not null || !double.IsFinite(end) || end - now > PrepareAheadBeats) return;
        if (_listener.Peek(end) is not { } phrase) return;
        var answer = Begin(phrase, PhraseCount + 1, streams: true);
        while (answer.Prepared.Count < NotesPreparedAhead && answer.Writing.TryWriteNote(out var note)) answer.Prepared.Add(note);
        _prepared = answer;
    }

    // While the player pauses, the base model reads the phrase so far: when the phrase ends, only what changed since
    // is left to read, and the first note follows within a few milliseconds (the neural model's cache keeps the
    // common part of the prompt; see NeuralPredictor.Prime).
    private void PrimeModel(double now)
    {
        if (_baseModel is null || _writing is not null || _listener.IsSounding || !_listener.HasUnansweredNotes) return;
        if (now - _primedAtPpq < 0.5) return;
        if (_listener.Peek(now) is not { } phrase) return;
        _primedAtPpq = now;
        // The prompt the answer will have (the same plan), read by the engine thread's own model: no lock.
        _baseModel.Prime(AnswerPlan.For(phrase.Context, phrase.GenerationStartStep, phrase.Key, _settings.ToGeneration(0)).Prompt);
    }

    // Plans the answer to a phrase, learns the phrase and starts writing the first take.
    private LiveAnswer Begin(Phrase phrase, int phraseNumber, bool streams, int turnBars = 0)
    {
        var generation = Seeded(phraseNumber);
        if (turnBars > 0) generation = generation with { Bars = turnBars };
        var plan = AnswerPlan.For(phrase.Context, phrase.GenerationStartStep, phrase.Key, generation);
        _style.Learn(phrase);  // after the plan harmonized it: the style learns the chords too
        return new LiveAnswer(phrase, Writing(plan, phrase, streams), _listener.Version, _settings) { InTurn = turnBars > 0 };
    }

    // An answer's writing, its pool choosing with the taste learned so far (none while nothing is learned).
    private AnswerWriting Writing(AnswerPlan plan, Phrase phrase, bool firstIsStreamed)
    {
        var writing = new AnswerWriting(plan, CurrentModels(), firstIsStreamed);
        if (_style.LearnsTaste && !_style.Taste.IsEmpty)
            writing.Pool.Taste = new TastePreference(_style.Taste.Clone(), GridOf(phrase, plan), plan.PromptMelody);
        return writing;
    }

    // The grid takes are measured on: from the bar line the answer starts at, in the meter of the phrase's last bar.
    private static TasteGrid GridOf(Phrase phrase, AnswerPlan plan) => TasteGrid.Of(phrase.GenerationStartStep, plan.LastBar.Numerator, plan.LastBar.Denominator);

    // The controls of an answer, seeded from the phrase (or regeneration) number.
    private GenerationSettings Seeded(int phraseNumber) => _settings.ToGeneration((ulong)phraseNumber * 7919UL + 17);

    // The models answers are written with now: made again when the base model, the guard or the style's models change.
    private AnswerModels CurrentModels()
    {
        if (_models is null || _modelsStyleVersion != _style.Version)
        {
            _models = new AnswerModels(_style.Played, _baseModel, (float)_settings.Adaptation, _style.Library, _guard);
            _modelsStyleVersion = _style.Version;
            _prepared = null;
        }
        _models.StyleWeight = (float)_settings.Adaptation;
        return _models;
    }

    private void ShowTakes(AnswerWriting writing)
    {
        Takes = writing.Takes();
        if (LastPhrase is { } phrase) _taste.Shown(Takes, GridOf(phrase, writing.Plan), writing.Plan.PromptMelody, phrase);
        _view.Takes(LastPhrase, Takes, writing.Plan.PromptMelody, writing.Pool.Count, LastKey?.ToString() ?? "");
    }

    private void Finish(LiveAnswer answer)
    {
        LastAnswerMs = (NowNanos() - answer.StartedNanos) / 1e6;
        LastPoolSize = answer.Writing.Pool.Count;
        answer.Writing.Release();
        _writing = null;
    }

    private void Stream(LiveAnswer answer, GeneratedNote note)
    {
        var phrase = answer.Phrase;
        double on = phrase.PlaybackPpq(note.Step), end = phrase.PlaybackPpq(note.Step + note.DurationSteps);
        if (!answer.InTurn)
        {
            _notes.Note(on, end, note.Pitch, note.Velocity, SuggestionRole.Answer, take: 0, PhraseCount, answer.PhraseEndNanos);
            return;
        }
        _turnNotes.Hold(on, end, note.Pitch, note.Velocity, PhraseCount, 0);
        _turnNotes.Send(_nowPpq + TurnNotes.SendAheadBeats);
    }

    // The first take of a fresh answer plays from the continuation start.
    private void FirstTakePlays(Phrase phrase, IReadOnlyList<GeneratedNote> firstTake)
    {
        double start = phrase.ContinuationStartPpq;
        double end = firstTake.Count == 0 ? start : firstTake.Max(n => phrase.PlaybackPpq(n.Step + n.DurationSteps));
        SetPlaying((0, start, end, false));
    }

    /// <summary>
    /// Plays a take from the next beat (audition: on the preview synth only) or from the next bar line (accept: on the
    /// MIDI output, so the DAW records it).
    /// </summary>
    private void Play(int take, bool preview, long nowNanos)
    {
        var takes = Takes;
        if (LastPhrase is not { } phrase || (uint)take >= (uint)takes.Count || !_time.Valid) return;
        double now = _time.PpqAt(nowNanos);
        double unit = preview ? 1.0 : phrase.Numerator * 4.0 / phrase.Denominator;
        double start = phrase.BarOriginPpq + Math.Ceiling((now - phrase.BarOriginPpq) / unit + 1e-9) * unit;
        double end = start;
        foreach (var note in takes[take].Notes)
        {
            double on = start + (note.Step - phrase.GenerationStartStep) / (double)TokenVocabulary.StepsPerQuarter;
            double noteEnd = on + note.DurationSteps / (double)TokenVocabulary.StepsPerQuarter;
            _notes.Note(on, noteEnd, note.Pitch, note.Velocity, preview ? SuggestionRole.Preview : SuggestionRole.Answer, take, PhraseCount);
            end = Math.Max(end, NoteEmitter.ReleaseAt(on, noteEnd));
        }
        SetPlaying((take, start, end, preview));
    }

    /// <summary>New variations of the last phrase with fresh seeds; they replace the takes as they are written (nothing
    /// is played). Written between inputs like an answer (<see cref="Work"/>).</summary>
    private void Regenerate()
    {
        if (LastPhrase is not { } phrase) return;
        Cancel();
        _regenerations++;
        var answer = Begin(phrase, (PhraseCount << 10) + _regenerations, streams: false);
        answer.Started(0, NowNanos());
        _writing = answer;
        SetPlaying(NotPlaying);
    }

    /// <summary>
    /// A new pool near a take: every candidate keeps the take's first bar (its opening idea) and continues it anew, and
    /// the takes shown are chosen from them as for an answer. Written between inputs; nothing is played.
    /// </summary>
    private void MoreLikeThis(int take)
    {
        var takes = Takes;
        if (LastPhrase is not { } phrase || (uint)take >= (uint)takes.Count) return;
        Cancel();
        _regenerations++;
        // The phrase was learned (and harmonized) when it was answered: only the plan is new.
        var plan = AnswerPlan.KeepingOpening(phrase.Context, phrase.GenerationStartStep, takes[take], phrase.Key, Seeded((PhraseCount << 10) + _regenerations));
        var answer = new LiveAnswer(phrase, Writing(plan, phrase, firstIsStreamed: false), _listener.Version, _settings);
        answer.Started(0, NowNanos());
        _writing = answer;
        SetPlaying(NotPlaying);
    }

    private void Delete(int take)
    {
        var takes = Takes;
        if ((uint)take >= (uint)takes.Count) return;
        Takes = takes.Where((_, i) => i != take).ToList();
        _taste.Replaced(Takes);
        var playing = _playing;
        if (playing.Take == take) playing = NotPlaying;
        else if (playing.Take > take) playing.Take--;
        _view.Takes(LastPhrase, Takes, _view.Snapshot.PromptMelody, _view.Snapshot.PoolSize, LastKey?.ToString() ?? "");
        SetPlaying(playing);
    }

    private void SetPlaying((int Take, double From, double To, bool Preview) playing)
    {
        _playing = playing;
        _view.Playing(playing.Take, playing.From, playing.To, playing.Preview);
    }

    private static long NowNanos() => CopilotSession.NowNanos();

    /// <summary>An answer of the session: what it answers, its writing, and when it started.</summary>
    private sealed class LiveAnswer
    {
        public LiveAnswer(Phrase phrase, AnswerWriting writing, int listenerVersion, AnswerSettings settings)
        {
            Phrase = phrase;
            Writing = writing;
            ListenerVersion = listenerVersion;
            Settings = settings;
            Streams = writing.FirstIsStreamed;
        }

        public Phrase Phrase { get; }
        public AnswerWriting Writing { get; }
        /// <summary>The listener's version it was begun at: a note played since makes a prepared answer stale.</summary>
        public int ListenerVersion { get; }
        /// <summary>The controls it is written with: when they change, it is dropped.</summary>
        public AnswerSettings Settings { get; }
        public bool Streams { get; }
        /// <summary>An answer on the co-pilot's turn of a trade: its notes are held until shortly before they sound.</summary>
        public bool InTurn { get; init; }
        /// <summary>First-take notes sampled before the phrase ended, sent when it is answered.</summary>
        public List<GeneratedNote> Prepared { get; } = new();
        /// <summary>When the phrase ended as heard (monotonic nanoseconds; 0 for new takes of an answer heard already).</summary>
        public long PhraseEndNanos { get; private set; }
        public long StartedNanos { get; private set; }

        public void Started(long phraseEndNanos, long startedNanos)
        {
            PhraseEndNanos = phraseEndNanos;
            StartedNanos = startedNanos;
        }
    }
}
