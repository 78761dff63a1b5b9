using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;

namespace AiCoPilot.Engine.Answering;

/// <summary>
/// The models an answer is written with, fixed for the answer's life: the player's style (what they played, mixed with
/// the library of their files), blended with a base model when there is one (the neural model, or the corpus n-gram
/// offline) at the style adaptation, and the originality guard. Holds the generator of the takes written one at a time
/// and rents the batch the pool's other candidates are written on side by side.
/// </summary>
public sealed class AnswerModels
{
    private readonly VariableOrderMarkovModel _style;
    private readonly VariableOrderMarkovModel? _library;
    private readonly float _adaptation;

    /// <param name="library">What the style learned from the player's own files, mixed in (null: none).</param>
    /// <param name="adaptation">0..1: the style's weight against the base model where the style remembers the passage.</param>
    public AnswerModels(VariableOrderMarkovModel style, ITokenPredictor? baseModel = null, float adaptation = 0.5f,
        VariableOrderMarkovModel? library = null, OriginalityIndex? guard = null)
    {
        ITokenPredictor stylePredictor = StyleWithLibrary.Of(style, library);
        Predictor = baseModel is null ? stylePredictor : new BlendedPredictor(baseModel, stylePredictor, adaptation);
        Generator = new ContinuationGenerator(Predictor) { Guard = guard };
        BaseModel = baseModel;
        _style = style;
        _library = library;
        _adaptation = adaptation;
        Neural = (baseModel as NeuralPredictor)?.Model;
    }

    public ITokenPredictor Predictor { get; }
    public ITokenPredictor? BaseModel { get; }
    /// <summary>The generator of the takes written one at a time (the first take of every answer).</summary>
    public ContinuationGenerator Generator { get; }
    /// <summary>The neural model when it is the base model: the pool's candidates after the first are then written
    /// side by side in one batch (<see cref="PoolWriter"/>).</summary>
    public NeuralModel? Neural { get; }
    /// <summary>False writes every candidate one after another, as without a neural model (for comparisons).</summary>
    public bool Batched { get; init; } = true;

    /// <summary>The style's weight in the blend (0..1), or null without a base model.</summary>
    public float? StyleWeight
    {
        get => Predictor is BlendedPredictor b ? b.StyleWeight : null;
        set { if (Predictor is BlendedPredictor b && value is { } w) b.StyleWeight = w; }
    }

    /// <summary>A writer of the pool's other candidates on a batch rented for them (give it back with
    /// <see cref="PoolWriter.ReturnBatch"/>); null when there is no neural model to batch.</summary>
    public PoolWriter? RentPoolWriter(int candidates)
    {
        if (Neural is null || !Batched || candidates < 1) return null;
        return new PoolWriter(NeuralBatch.Rent(Neural, candidates), _style, StyleWeight ?? _adaptation, Generator.Guard, _library);
    }
}
