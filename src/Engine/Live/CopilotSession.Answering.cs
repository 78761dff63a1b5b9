using System.Diagnostics;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;
using AiCoPilot.Engine.Listening;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Live;

/// <summary>Writing an answer: begun from a phrase, written a note at a time between inputs, its first take
/// streamed to the player, cancelled at once when the music moves on.</summary>
public sealed partial class CopilotSession
{
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
    public string AnswerProgress => _job is { } job
        ? job.Writer is not null ? $"writing takes {job.Pool.Count + 1}-{job.Pool.Size} of the pool side by side"
          : job.Variation < job.Pool.Shown ? $"writing take {job.Variation + 1} of {job.Pool.Shown}" : $"writing take {job.Variation + 1} of a pool of {job.Pool.Size}"
        : "";

    /// <summary>How long the last whole answer took to write, every take.</summary>
    public double LastAnswerMs { get; private set; }

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
        if (job.Pool.Count > 0 || job.Current.Count > 0) LastFirstNoteMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>
    /// Engine thread: writes up to <paramref name="notes"/> more notes of the answer in progress (a take's end or the
    /// start of the next take counts as one). The first take's notes go to the player as they are sampled.
    /// </summary>
    public void WorkOnAnswer(int notes)
    {
        for (int i = 0; i < notes && _job is { } job; i++)
        {
            if (job.Writer is { } writer)
            {
                // One token for every candidate of the pool, in one run of the model.
                if (writer.Step()) continue;
                foreach (var take in writer.Takes()) job.Pool.Add(job.Answer.WithOpening(take));
                job.Release();
                ShowTakes(job);
                Finish(job);
                continue;
            }
            if (job.Generator.TryNext(out var note))
            {
                job.Current.Add(note);
                if (job.Streams && job.Variation == 0) Stream(job.Answer.Phrase, note, job.PhraseEndNanos);
                continue;
            }
            job.Pool.Add(job.Answer.WithOpening(new Take(job.Variation, job.Current, job.Generator.TokensGenerated, job.Generator.MeanLogProbability)));
            if (job.Variation == 0 && job.Streams) AnswerPlaying(job.Answer.Phrase, job.Current);
            // The editor shows each take as soon as it is written, and the chosen ones when the pool is full.
            if (job.Pool.Count <= job.Pool.Shown || job.Pool.Full) ShowTakes(job);
            job.Variation++;
            if (job.Pool.Full)
            {
                Finish(job);
                continue;
            }
            var a = job.Answer;
            int left = job.Pool.Size - job.Pool.Count;
            if (job.Pool.Count == 1 && _composer.RentPoolWriter(left) is { } pool)
            {
                pool.Begin(a.Prompt, a.StartStep, a.LastBar.Numerator, a.LastBar.Denominator, a.Generation, a.Phrase.Key, job.Variation, left,
                    job.Pool.Candidates[0].Notes);
                job.Writer = pool;
                continue;
            }
            job.Current = new List<GeneratedNote>();
            job.Generator.Begin(a.Prompt, a.StartStep, a.LastBar.Numerator, a.LastBar.Denominator, a.Generation, a.Phrase.Key, job.Variation);
        }
    }

    private void ShowTakes(AnswerJob job)
    {
        Takes = job.Pool.Takes();
        _takesPromptMelody = job.Answer.PromptMelody;
        _takesPoolSize = job.Pool.Count;
        PublishSnapshot();
    }

    private void Finish(AnswerJob job)
    {
        LastAnswerMs = (NowNanos() - job.StartedNanos) / 1e6;
        LastPoolSize = job.Pool.Count;
        _job = null;
    }

    /// <summary>How many candidates the last whole answer chose its takes from.</summary>
    public int LastPoolSize { get; private set; }

    /// <summary>Engine thread (or any thread while the engine thread is stopped): drops the answer being written; the
    /// takes already written stay, the notes already sent play on.</summary>
    public void CancelAnswer()
    {
        _job?.Release();
        _job = null;
    }

    // Learns the phrase and starts the first take.
    private PreparedAnswer Begin(Phrase phrase, int phraseNumber)
    {
        var settings = AnswerSettings(phraseNumber);
        var context = phrase.Context;
        if (settings.Mode != GenerationMode.Melody) Harmonizer.AddChords(context, phrase.Key);
        lock (_styleLock) Learn(phrase);  // the only change to the style model, and the only wait a saving host can meet
        ApplyAdaptation();
        var lastBar = LastBarOf(context);
        int[] prompt = PromptBuilder.Build(context, phrase.GenerationStartStep, PromptBars, lastBar.Numerator, lastBar.Denominator);
        _composer.Generator.Begin(prompt, phrase.GenerationStartStep, lastBar.Numerator, lastBar.Denominator,
            CandidatePool.ForStreamedTake(settings), phrase.Key, 0);
        return new PreparedAnswer
        {
            Phrase = phrase, Generation = settings, Settings = Settings, Prompt = prompt, LastBar = lastBar, ListenerVersion = _listener.Version,
            StartStep = phrase.GenerationStartStep,
            PromptMelody = CandidatePool.PromptMelody(context, phrase.GenerationStartStep, PromptBars),
        };
    }

    // The controls of an answer, from the parameters; the seed from the phrase (or regeneration) number.
    private GenerationSettings AnswerSettings(int phraseNumber) => new()
    {
            Bars = Settings.Bars,
            Variations = Settings.Variations,
            Mode = Settings.Mode,
            Temperature = Settings.Temperature,
            Density = Settings.Density,
            KeyLock = Settings.KeyLock,
            Seed = (ulong)phraseNumber * 7919UL + 17,
            // Style adaptation 100 % asks for the player's own material: their phrase may come back.
            EchoWeight = Settings.Adaptation >= 1f ? 1f : GenerationSettings.DefaultEchoWeight,
    };  // within the table's ranges already (the wrapper sanitized each value once); the generator checks again

    private void ApplyAdaptation()
    {
        if (_composer.Predictor is BlendedPredictor blend) blend.StyleWeight = Settings.Adaptation;
    }

    private static LeadBar LastBarOf(LeadSheet context) => context.Bars.Count > 0 ? context.Bars[^1] : new LeadBar(0, 4, 4);

    private void Stream(Phrase phrase, GeneratedNote note, long phraseEndNanos)
    {
        double on = phrase.PlaybackPpq(note.Step);
        // Released a touch early so a repeated pitch can strike again cleanly.
        double off = Math.Max(on + 0.05, phrase.PlaybackPpq(note.Step + note.DurationSteps) - 0.02);
        int velocity = Math.Clamp(note.Velocity, 1, 127);
        if (!_sink.TryEmit(new Suggestion(on, true, note.Pitch, velocity, 0, _phraseCount, _generation, phraseEndNanos))) SuggestionsDropped++;
        if (!_sink.TryEmit(new Suggestion(off, false, note.Pitch, 0, 0, _phraseCount, _generation, phraseEndNanos))) SuggestionsDropped++;
    }
}
