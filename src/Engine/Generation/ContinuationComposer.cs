using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Generation;

/// <summary>
/// Writes whole takes for a context: the player-style model, blended with a base model when there is one (the corpus
/// n-gram here; the neural model later), drives a <see cref="ContinuationGenerator"/> per variation.
/// </summary>
public sealed class ContinuationComposer
{
    private readonly ContinuationGenerator _generator;

    public ContinuationComposer(VariableOrderMarkovModel style, ITokenPredictor? baseModel = null, float adaptation = 0.5f)
    {
        ITokenPredictor stylePredictor = new MarkovPredictor(style);
        Predictor = baseModel is null ? stylePredictor : new BlendedPredictor(baseModel, stylePredictor, adaptation);
        _generator = new ContinuationGenerator(Predictor);
    }

    public ITokenPredictor Predictor { get; }
    public ContinuationGenerator Generator => _generator;

    public List<Take> Compose(LeadSheet context, int startStep, Key key, GenerationSettings settings, int contextBars = 8)
    {
        settings = settings.Sanitized();
        var lastBar = context.Bars.Count > 0 ? context.Bars[^1] : new LeadBar(0, 4, 4);
        int[] prompt = PromptBuilder.Build(context, startStep, contextBars, lastBar.Numerator, lastBar.Denominator);
        var takes = new List<Take>(settings.Variations);
        for (int v = 0; v < settings.Variations; v++)
        {
            _generator.Begin(prompt, startStep, lastBar.Numerator, lastBar.Denominator, settings, key, v);
            var notes = new List<GeneratedNote>();
            while (_generator.TryNext(out var note)) notes.Add(note);
            takes.Add(new Take(v, notes, _generator.TokensGenerated, _generator.MeanLogProbability));
        }
        return takes;
    }
}
