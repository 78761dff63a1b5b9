using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;

namespace AiCoPilot.Engine.Answering;

/// <summary>
/// One answer being written, a step at a time, the same way in the plug-in, the command and the evaluation: the first
/// take note by note (in the plug-in it streams to the player as each note is sampled), then the other candidates of
/// its pool (side by side on a batch of the neural model when there is one, else one after another), and the takes
/// shown chosen from the pool when it is full (<see cref="CandidatePool"/>). The models are the ones it was begun
/// with, whatever changes meanwhile. The plug-in advances it between inputs so it can be dropped at once;
/// <see cref="WriteAll"/> writes it whole.
/// </summary>
public sealed class AnswerWriting
{
    private readonly ContinuationGenerator _generator;
    private List<GeneratedNote> _current = new();
    private PoolWriter? _writer;

    /// <param name="firstIsStreamed">The first take plays as it is written (a live answer), so it is always among the
    /// takes shown. False for new takes of an answer already heard. Either way the first candidate never replays the
    /// player's phrase (unless the settings let every take do so).</param>
    public AnswerWriting(AnswerPlan plan, AnswerModels models, bool firstIsStreamed)
    {
        Plan = plan;
        Models = models;
        FirstIsStreamed = firstIsStreamed;
        Pool = new CandidatePool(plan.Settings, plan.PromptMelody, firstIsKept: firstIsStreamed, echoMelody: plan.EchoMelody);
        _generator = models.Generator;
        _generator.Begin(plan.Prompt, plan.StartStep, plan.LastBar.Numerator, plan.LastBar.Denominator,
            CandidatePool.ForStreamedTake(plan.Settings), plan.Key, 0, plan.EchoReference);
    }

    public AnswerPlan Plan { get; }
    public AnswerModels Models { get; }
    public bool FirstIsStreamed { get; }
    /// <summary>The candidates written so far; the takes shown come from it.</summary>
    public CandidatePool Pool { get; }
    /// <summary>The candidate being written one note at a time (0: the first take).</summary>
    public int Variation { get; private set; }
    /// <summary>The notes of the candidate being written so far.</summary>
    public IReadOnlyList<GeneratedNote> Current => _current;
    public bool Finished { get; private set; }

    /// <summary>What one step of writing did.</summary>
    public enum Progress
    {
        /// <summary>A token or a step of the batch: nothing to show yet.</summary>
        Wrote,
        /// <summary>A note of the candidate <see cref="Variation"/>.</summary>
        Note,
        /// <summary>A candidate is complete and in the pool (its variation is the one before <see cref="Variation"/>, or
        /// the batch's candidates all at once); the answer may go on.</summary>
        Candidate,
    }

    /// <summary>Writes a step: a note of the candidate being written, the end of a candidate, or one step of the batch.</summary>
    public Progress Write(out GeneratedNote note)
    {
        note = default;
        if (Finished) return Progress.Candidate;
        if (_writer is { } writer)
        {
            // One token for every candidate of the pool, in one run of the model.
            if (writer.Step()) return Progress.Wrote;
            foreach (var take in writer.Takes()) Pool.Add(Plan.WithOpening(take));
            Release();
            Finished = true;
            return Progress.Candidate;
        }
        if (_generator.TryNext(out note))
        {
            _current.Add(note);
            return Progress.Note;
        }
        Pool.Add(Plan.WithOpening(new Take(Variation, _current, _generator.TokensGenerated, _generator.MeanLogProbability)));
        Variation++;
        if (Pool.Full)
        {
            Finished = true;
            return Progress.Candidate;
        }
        int left = Pool.Size - Pool.Count;
        var s = Plan.Settings;
        if (Pool.Count == 1 && Models.RentPoolWriter(left) is { } pool)
        {
            pool.Begin(Plan.Prompt, Plan.StartStep, Plan.LastBar.Numerator, Plan.LastBar.Denominator, s, Plan.Key, Variation, left, Pool.Candidates[0].Notes,
                Plan.EchoReference);
            _writer = pool;
            return Progress.Candidate;
        }
        _current = new List<GeneratedNote>();
        _generator.Begin(Plan.Prompt, Plan.StartStep, Plan.LastBar.Numerator, Plan.LastBar.Denominator, s, Plan.Key, Variation, Plan.EchoReference);
        return Progress.Candidate;
    }

    /// <summary>Writes the next note of the candidate being written one note at a time; false at its end (which
    /// <see cref="Write"/> then closes) or while the batch writes. Used to sample an answer's first notes ahead.</summary>
    public bool TryWriteNote(out GeneratedNote note)
    {
        note = default;
        if (Finished || _writer is not null || !_generator.TryNext(out note)) return false;
        _current.Add(note);
        return true;
    }

    /// <summary>Writes the rest of the answer and returns the takes shown.</summary>
    public IReadOnlyList<Take> WriteAll()
    {
        while (!Finished) Write(out _);
        return Pool.Takes();
    }

    /// <summary>The takes to show now (see <see cref="CandidatePool.Takes"/>).</summary>
    public IReadOnlyList<Take> Takes() => Pool.Takes();

    /// <summary>Where the writing is, for a status line.</summary>
    public string Describe() =>
        _writer is not null ? $"writing takes {Pool.Count + 1}-{Pool.Size} of the pool side by side"
        : Variation < Pool.Shown ? $"writing take {Variation + 1} of {Pool.Shown}"
        : $"writing take {Variation + 1} of a pool of {Pool.Size}";

    /// <summary>Gives back the batch the pool was being written on (the answer is done or dropped).</summary>
    public void Release()
    {
        _writer?.ReturnBatch();
        _writer = null;
    }
}
