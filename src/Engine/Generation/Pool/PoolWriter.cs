using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Music;

namespace AiCoPilot.Engine.Generation.Pool;

/// <summary>
/// Writes the candidates of a pool side by side, one row of a <see cref="NeuralBatch"/> each: every step samples one
/// token for each unfinished candidate (its own generator: the row blended with the player's style, the sampler's
/// controls and the originality guard) and then runs the model once for all of them. Each candidate is steered away
/// from the streamed take and from the notes the others have played so far (written one after another, a take is
/// steered by the whole of the takes before it). Nothing here allocates per token.
/// </summary>
public sealed class PoolWriter
{
    private readonly NeuralBatch _batch;
    private readonly ContinuationGenerator[] _generators;
    private readonly List<GeneratedNote>[] _notes;
    private readonly bool[] _finished;
    // What the streamed take and every candidate play, as they play it: each candidate is steered away from the others.
    private readonly EarlierTakes _shared = new() { SharedAtOnce = true };
    private int _count, _firstVariation, _unfinished;

    /// <param name="style">The player's style model (null: the neural model alone).</param>
    /// <param name="library">What the style learned from the player's files (see <see cref="StyleWithLibrary"/>).</param>
    public PoolWriter(NeuralBatch batch, VariableOrderMarkovModel? style, float adaptation, OriginalityIndex? guard,
        VariableOrderMarkovModel? library = null)
    {
        _batch = batch;
        _generators = new ContinuationGenerator[batch.Rows];
        _notes = new List<GeneratedNote>[batch.Rows];
        _finished = new bool[batch.Rows];
        for (int r = 0; r < batch.Rows; r++)
        {
            ITokenPredictor predictor = style is null ? batch.Row(r) : new BlendedPredictor(batch.Row(r), StyleWithLibrary.Of(style, library), adaptation);
            _generators[r] = new ContinuationGenerator(predictor) { Guard = guard, Earlier = _shared };
            _notes[r] = new List<GeneratedNote>();
        }
    }

    public int Rows => _batch.Rows;

    /// <summary>Gives the batch back to the shared stock; the writer is not used after this.</summary>
    public void ReturnBatch() => NeuralBatch.Return(_batch);
    public bool Finished => _unfinished == 0;
    /// <summary>Tokens sampled so far, over every candidate.</summary>
    public long Tokens { get; private set; }

    /// <summary>Starts <paramref name="count"/> candidates (variations <paramref name="firstVariation"/> on, which
    /// seeds each) of one prompt, steered away from the notes of <paramref name="before"/> (the streamed take) and
    /// from each other's.</summary>
    public void Begin(int[] prompt, int startStep, int numerator, int denominator, GenerationSettings settings, Key key, int firstVariation, int count,
        IReadOnlyList<GeneratedNote> before, int[]? echoReference = null)
    {
        _shared.NewAnswer(startStep);
        foreach (var n in before) if (!n.FromChord) _shared.PlayedBefore(n.Step, n.Pitch);
        _count = Math.Clamp(count, 0, Rows);
        _firstVariation = firstVariation;
        _unfinished = _count;
        Tokens = 0;
        _batch.SharePrefix(prompt);  // every candidate continues the prompt: its keys and values are held once
        for (int r = 0; r < _count; r++)
        {
            _notes[r].Clear();
            _finished[r] = false;
            // Not a first take (variation 1): the shared notes are kept; each candidate's seed differs.
            _generators[r].Begin(prompt, startStep, numerator, denominator, settings with { Seed = Seed(settings.Seed, firstVariation + r) }, key, 1, echoReference);
        }
    }

    private static ulong Seed(ulong seed, int variation) => DeterministicRandom.Derive(seed, variation);

    /// <summary>One token for every unfinished candidate, then one run of the model. False when all are finished.</summary>
    public bool Step()
    {
        for (int r = 0; r < _count; r++)
        {
            if (_finished[r]) continue;
            var generator = _generators[r];
            while (true)
            {
                long before = generator.TokensGenerated;
                var progress = generator.Advance(out var note);
                Tokens += generator.TokensGenerated - before;
                if (progress == ContinuationGenerator.Progress.Done) { _finished[r] = true; _unfinished--; break; }
                if (progress == ContinuationGenerator.Progress.Note) _notes[r].Add(note);
                if (generator.TokensGenerated > before) break;  // this row's token is in: on to the next row
            }
        }
        _batch.Run();
        return !Finished;
    }

    /// <summary>The candidates written, in order (their Variation is the one they were seeded with).</summary>
    public IEnumerable<Take> Takes()
    {
        for (int r = 0; r < _count; r++)
            yield return new Take(_firstVariation + r, _notes[r].ToArray(), _generators[r].TokensGenerated, _generators[r].MeanLogProbability);
    }
}
