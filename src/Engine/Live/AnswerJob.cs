using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;
using AiCoPilot.Engine.Listening;

namespace AiCoPilot.Engine.Live;

/// <summary>
/// An answer being written, one note at a time, on the engine thread: the first take streams to the player as it is
/// sampled (unless this is a regeneration), the other candidates of its pool follow, and the takes shown are chosen
/// from the pool when it is full. The engine thread advances it between inputs, so
/// a new phrase, a parameter change, a transport jump or deactivation cancels it within one note, and nothing a host
/// call needs is held while it runs.
/// </summary>
internal sealed class AnswerJob
{
    public AnswerJob(PreparedAnswer answer, ContinuationGenerator generator, bool streams, long phraseEndNanos, long startedNanos)
    {
        Answer = answer;
        Generator = generator;
        Streams = streams;
        PhraseEndNanos = phraseEndNanos;
        StartedNanos = startedNanos;
        Pool = new CandidatePool(answer.Generation, answer.PromptMelody, firstIsKept: streams);
        Current = new List<GeneratedNote>(answer.Notes);
    }

    public PreparedAnswer Answer { get; }
    public ContinuationGenerator Generator { get; }
    /// <summary>True when the first take plays as it is written (an answer); false for new takes only (Regenerate).</summary>
    public bool Streams { get; }
    public long PhraseEndNanos { get; }
    public long StartedNanos { get; }
    /// <summary>The candidates written so far; the takes shown come from it.</summary>
    public CandidatePool Pool { get; }
    public List<GeneratedNote> Current { get; set; }
    public int Variation { get; set; }
    /// <summary>The pool's other candidates being written side by side (with the neural model), after the first.</summary>
    public PoolWriter? Writer { get; set; }

    /// <summary>Gives back the batch the pool was being written on (the answer is done or dropped).</summary>
    public void Release()
    {
        Writer?.ReturnBatch();
        Writer = null;
    }
}

/// <summary>
/// An answer begun: the phrase learned, the prompt built, the generator started on the first take, and the notes
/// sampled so far (ahead of the phrase end, when it was prepared during the pause).
/// </summary>
internal sealed class PreparedAnswer
{
    public required Phrase Phrase { get; init; }
    public required GenerationSettings Generation { get; init; }
    public required LiveSettings Settings { get; init; }
    public required int[] Prompt { get; init; }
    /// <summary>The prompt's melody, which the candidates are compared with (no echo of the phrase is chosen).</summary>
    public required IReadOnlyList<GeneratedNote> PromptMelody { get; init; }
    public required Tokens.LeadBar LastBar { get; init; }
    public required int ListenerVersion { get; init; }
    /// <summary>Where the candidates start on the context's grid: the phrase's generation start, or later when an
    /// opening is kept (More like this).</summary>
    public int StartStep { get; init; }
    /// <summary>Notes every candidate starts with (the kept opening of the take asked for more of); none for an answer.</summary>
    public IReadOnlyList<GeneratedNote> Opening { get; init; } = Array.Empty<GeneratedNote>();

    /// <summary>A candidate as written, with the kept opening before it.</summary>
    public Take WithOpening(Take candidate) =>
        Opening.Count == 0 ? candidate : candidate with { Notes = Opening.Concat(candidate.Notes).ToArray() };
    public List<GeneratedNote> Notes { get; } = new();
}
