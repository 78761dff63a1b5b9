using AiCoPilot.Engine.Generation.Pool;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Generation;

/// <summary>
/// Writes whole takes for a context: the player-style model, blended with a base model when there is one (the corpus
/// n-gram or the neural model), drives a <see cref="ContinuationGenerator"/> per candidate of a <see cref="CandidatePool"/>
/// and returns the takes chosen from it.
/// </summary>
public sealed class ContinuationComposer
{
    private readonly ContinuationGenerator _generator;
    private readonly VariableOrderMarkovModel _style;
    private readonly VariableOrderMarkovModel? _library;
    private readonly float _adaptation;

    /// <param name="library">What the style learned from the player's own files, mixed in (null: none).</param>
    public ContinuationComposer(VariableOrderMarkovModel style, ITokenPredictor? baseModel = null, float adaptation = 0.5f,
        VariableOrderMarkovModel? library = null)
    {
        ITokenPredictor stylePredictor = StyleWithLibrary.Of(style, library);
        Predictor = baseModel is null ? stylePredictor : new BlendedPredictor(baseModel, stylePredictor, adaptation);
        _generator = new ContinuationGenerator(Predictor);
        _style = style;
        _library = library;
        _adaptation = adaptation;
        Neural = (baseModel as NeuralPredictor)?.Model;
    }

    /// <summary>The neural model when it is the base model: the pool's candidates after the first are then written
    /// side by side in one batch (<see cref="PoolWriter"/>).</summary>
    public NeuralModel? Neural { get; }
    /// <summary>False writes every candidate one after another, as without a neural model (for comparisons).</summary>
    public bool Batched { get; init; } = true;

    /// <summary>A writer of the pool's other candidates on a batch rented for them (give it back with
    /// <see cref="NeuralBatch.Return"/>); null when there is no neural model to batch.</summary>
    public PoolWriter? RentPoolWriter(int candidates)
    {
        if (Neural is null || !Batched || candidates < 1) return null;
        return new PoolWriter(NeuralBatch.Rent(Neural, candidates), _style, Predictor is BlendedPredictor b ? b.StyleWeight : _adaptation, _generator.Guard, _library);
    }

    public ITokenPredictor Predictor { get; }
    public ContinuationGenerator Generator => _generator;
    /// <summary>The pool the last <see cref="Compose"/> chose its takes from.</summary>
    public CandidatePool? LastPool { get; private set; }

    /// <param name="asLiveAnswer">Written as the plug-in writes an answer: the first candidate is the one that streams
    /// to the player, never echoes their phrase and is always shown.</param>
    public List<Take> Compose(LeadSheet context, int startStep, Key key, GenerationSettings settings, int contextBars = 8, bool asLiveAnswer = false)
    {
        if (settings.Problem() is { } problem) throw new ArgumentOutOfRangeException(nameof(settings), problem);
        var lastBar = context.Bars.Count > 0 ? context.Bars[^1] : new LeadBar(0, 4, 4);
        int[] prompt = PromptBuilder.Build(context, startStep, contextBars, lastBar.Numerator, lastBar.Denominator);
        var pool = new CandidatePool(settings, CandidatePool.PromptMelody(context, startStep, contextBars), firstIsKept: asLiveAnswer);
        for (int v = 0; !pool.Full; v++)
        {
            if (v == 1 && RentPoolWriter(pool.Size - 1) is { } writer)
            {
                writer.Begin(prompt, startStep, lastBar.Numerator, lastBar.Denominator, settings, key, 1, pool.Size - 1, pool.Candidates[0].Notes);
                while (writer.Step()) { }
                foreach (var take in writer.Takes()) pool.Add(take);
                writer.ReturnBatch();
                break;
            }
            var candidate = asLiveAnswer && v == 0 ? CandidatePool.ForStreamedTake(settings) : settings;
            _generator.Begin(prompt, startStep, lastBar.Numerator, lastBar.Denominator, candidate, key, v);
            var notes = new List<GeneratedNote>();
            while (_generator.TryNext(out var note)) notes.Add(note);
            pool.Add(new Take(v, notes, _generator.TokensGenerated, _generator.MeanLogProbability));
        }
        LastPool = pool;
        return pool.Takes().ToList();
    }
}
