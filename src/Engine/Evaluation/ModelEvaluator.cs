using System.Diagnostics;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Evaluation;

/// <summary>
/// The protocol of `aicopilot eval` (docs/evaluation.md). For each song, tokenized by the one tokenizer:
/// 1. Scoring: the first half is played in as "the player" (the style model learns it); the second half is scored by
///    the neural model, the corpus n-gram, the style model alone (still learning as it goes) and the blend of neural
///    and style, all in bits per token.
/// 2. Sampling: continuations of the first half (4 bars, temperature 1) by the blend, without key lock; in-key ratio,
///    pitch-class overlap and groove similarity with the prompt, wide leaps and notes outside the prompt's range (with
///    the songs' own next bars as the reference); copy rate of 8-note training n-grams with the
///    originality guard off and on; tokens per second and time to the first note.
/// </summary>
public sealed class ModelEvaluator
{
    private readonly NeuralModel? _model;
    private readonly VariableOrderMarkovModel? _ngram;
    private readonly OriginalityIndex? _index;

    public ModelEvaluator(NeuralModel? model, VariableOrderMarkovModel? ngram, OriginalityIndex? index)
    {
        _model = model; _ngram = ngram; _index = index;
    }

    public float BlendWeight { get; init; } = 0.5f;
    public int ContinuationsPerSong { get; init; } = 2;
    public int Bars { get; init; } = 4;
    /// <summary>The library of the musician's own files (`eval --learn`), mixed into each song's style; only read.
    /// Null: none.</summary>
    public VariableOrderMarkovModel? Library { get; init; }

    /// <summary>How much of the player's style comes from the learned library (see <see cref="StyleWithLibrary"/>).</summary>
    public float LibraryWeight { get; init; } = StyleWithLibrary.DefaultLibraryWeight;

    // The style as the plug-in has it: what was played, mixed with the library of the player's files when there is one.
    private ITokenPredictor StylePredictor(VariableOrderMarkovModel played) =>
        Library is { } library ? new StyleWithLibrary(new MarkovPredictor(played), new MarkovPredictor(library), LibraryWeight) : new MarkovPredictor(played);

    public EvaluationReport Run(IReadOnlyList<string> files, Action<string>? progress = null)
    {
        double neuralBits = 0, ngramBits = 0, styleBits = 0, blendBits = 0;
        long scored = 0, tokensTotal = 0;
        double inKey = 0, pcOverlap = 0, groove = 0, leaps = 0, outside = 0, referenceLeaps = 0, referenceOutside = 0;
        int references = 0;
        int continuations = 0, copiesOff = 0, copiesOn = 0;
        long generatedTokens = 0;
        double generationSeconds = 0, firstNoteMs = 0;
        var probs = new float[TokenVocabulary.Size];
        using var neural = _model is null ? null : new NeuralPredictor(_model);
        using var neuralForBlend = _model is null ? null : new NeuralPredictor(_model);
        int done = 0;
        foreach (var file in files)
        {
            var sheet = Offline.SongFiles.Read(file, out _).Sheet;
            int[] tokens = Tokenizer.Encode(sheet).ToArray();
            tokensTotal += tokens.Length;
            if (tokens.Length < 32) continue;
            int half = tokens.Length / 2;

            // 1. Scoring the second half.
            var style = MarkovModels.CreateStyleModel();
            style.Train(tokens.AsSpan(0, half));
            var stylePredictor = StylePredictor(style);
            ITokenPredictor? blend = neuralForBlend is null ? null : new BlendedPredictor(neuralForBlend, stylePredictor, BlendWeight);
            var ngramPredictor = _ngram is null ? null : new MarkovPredictor(_ngram);
            neural?.Prime(tokens.AsSpan(0, half));
            blend?.Prime(tokens.AsSpan(0, half));
            if (blend is null) stylePredictor.Prime(tokens.AsSpan(0, half));
            ngramPredictor?.Prime(tokens.AsSpan(0, half));
            style.ResetHistory();
            for (int i = half; i < tokens.Length; i++)
            {
                int t = tokens[i];
                if (neural is not null) { neural.Predict(probs); neuralBits -= Math.Log2(Math.Max(probs[t], 1e-12)); neural.Accept(t); }
                if (ngramPredictor is not null) { ngramPredictor.Predict(probs); ngramBits -= Math.Log2(Math.Max(probs[t], 1e-12)); ngramPredictor.Accept(t); }
                // The blend asks the style predictor too; read the style model alone from the same context first.
                stylePredictor.Predict(probs);
                styleBits -= Math.Log2(Math.Max(probs[t], 1e-12));
                if (blend is not null) { blend.Predict(probs); blendBits -= Math.Log2(Math.Max(probs[t], 1e-12)); blend.Accept(t); }
                else stylePredictor.Accept(t);
                // The player keeps playing: the style model learns the token after it was scored.
                ObserveInContext(style, tokens, i);
                scored++;
            }

            // 2. Sampling continuations of the first half.
            var firstHalf = Tokenizer.Decode(tokens.AsSpan(0, half).ToArray());
            if (firstHalf.Bars.Count == 0 || firstHalf.Melody.Count < 8) continue;
            int start = firstHalf.EndStep;
            var promptStyle = MarkovModels.CreateStyleModel();
            promptStyle.Train(tokens.AsSpan(0, half));
            var composer = new Answering.AnswerModels(promptStyle, _model is null ? null : neuralForBlend, BlendWeight, Library);
            var key = EstimateKey(firstHalf);
            int[] prompt = PromptBuilder.Build(firstHalf, start, 8, firstHalf.Bars[^1].Numerator, firstHalf.Bars[^1].Denominator);
            var promptNotes = firstHalf.Melody.Where(n => n.Step >= start - 8 * 16).ToList();
            var tail = firstHalf.Melody.TakeLast(7).Select(n => (n.Step, n.Pitch)).ToList();
            var promptPitches = firstHalf.Melody.Where(n => n.Step >= start - 8 * 16).Select(n => n.Pitch).DefaultIfEmpty(firstHalf.Melody[^1].Pitch).ToList();
            int lowest = promptPitches.Min(), highest = promptPitches.Max(), lastPitch = firstHalf.Melody[^1].Pitch;
            // The song's own next bars, as a reference for the leap and range figures.
            var nextBars = Tokenizer.Decode(tokens).Melody.Where(n => n.Step >= start && n.Step < start + Bars * 16).Select(n => n.Pitch).ToList();
            if (nextBars.Count > 0)
            {
                referenceLeaps += ContinuationMetrics.WideLeapRate(lastPitch, nextBars);
                referenceOutside += ContinuationMetrics.OutsideRangeRate(nextBars, lowest, highest);
                references++;
            }
            for (int v = 0; v < ContinuationsPerSong; v++)
            {
                var settings = new GenerationSettings { Bars = Bars, Mode = GenerationMode.Melody, Seed = (ulong)(done * 101 + v + 1) };
                foreach (bool guardOn in _index is null ? new[] { false } : new[] { false, true })
                {
                    var generator = composer.Generator;
                    generator.Guard = guardOn ? _index : null;
                    var clock = Stopwatch.StartNew();
                    generator.Begin(prompt, start, firstHalf.Bars[^1].Numerator, firstHalf.Bars[^1].Denominator, settings, key, 0);
                    var notes = new List<GeneratedNote>();
                    double first = -1;
                    while (generator.TryNext(out var n))
                    {
                        if (first < 0) first = clock.Elapsed.TotalMilliseconds;
                        notes.Add(n);
                    }
                    clock.Stop();
                    bool copies = _index is not null && ContinuationMetrics.Copies(_index, tail, notes);
                    if (guardOn) { copiesOn += copies ? 1 : 0; continue; }
                    copiesOff += copies ? 1 : 0;
                    continuations++;
                    generatedTokens += generator.TokensGenerated;
                    generationSeconds += clock.Elapsed.TotalSeconds;
                    firstNoteMs += Math.Max(0, first);
                    inKey += ContinuationMetrics.InKeyRatio(notes, key);
                    pcOverlap += ContinuationMetrics.PitchClassOverlap(promptNotes.Select(n => (n.Pitch, n.DurationSteps)), notes.Select(n => (n.Pitch, n.DurationSteps)));
                    var pitches = notes.Where(n => !n.FromChord).Select(n => n.Pitch).ToList();
                    leaps += ContinuationMetrics.WideLeapRate(lastPitch, pitches);
                    outside += ContinuationMetrics.OutsideRangeRate(pitches, lowest, highest);
                    groove += ContinuationMetrics.GrooveSimilarity(promptNotes.Select(n => PositionInBar(firstHalf, n.Step)), notes.Select(n => (n.Step - start) % 16));
                }
            }
            done++;
            progress?.Invoke($"{done}/{files.Count} {Path.GetFileName(file)}");
        }
        double per(double bits) => scored == 0 ? double.NaN : bits / scored;
        return new EvaluationReport
        {
            Files = files.Count,
            Tokens = tokensTotal,
            Neural = _model is null ? null : per(neuralBits),
            NGram = _ngram is null ? null : per(ngramBits),
            Style = per(styleBits),
            Blend = _model is null ? null : per(blendBits),
            BlendWeight = BlendWeight,
            InKeyRatio = continuations == 0 ? 0 : inKey / continuations,
            PitchClassOverlap = continuations == 0 ? 0 : pcOverlap / continuations,
            GrooveSimilarity = continuations == 0 ? 0 : groove / continuations,
            WideLeapRate = continuations == 0 ? 0 : leaps / continuations,
            OutsideRangeRate = continuations == 0 ? 0 : outside / continuations,
            ReferenceWideLeapRate = references == 0 ? 0 : referenceLeaps / references,
            ReferenceOutsideRangeRate = references == 0 ? 0 : referenceOutside / references,
            CopyRateGuardOff = _index is null || continuations == 0 ? null : (double)copiesOff / continuations,
            CopyRateGuardOn = _index is null || continuations == 0 ? null : (double)copiesOn / continuations,
            Continuations = continuations,
            TokensPerSecond = generationSeconds > 0 ? generatedTokens / generationSeconds : 0,
            GeneratedTokens = generatedTokens,
            FirstTokenMs = continuations == 0 ? 0 : firstNoteMs / continuations,
            ContinuationMs = continuations == 0 ? 0 : generationSeconds * 1000 / continuations,
        };
    }

    // The style model's online update: the token at i, after the history of the tokens before it.
    private static void ObserveInContext(VariableOrderMarkovModel style, int[] tokens, int i)
    {
        style.ResetHistory();
        int from = Math.Max(0, i - style.MaxOrder);
        for (int k = from; k < i; k++) style.ObserveHistoryOnly(tokens[k]);
        style.Observe(tokens[i]);
    }

    private static int PositionInBar(LeadSheet sheet, int step)
    {
        int bar = sheet.BarIndexAt(step);
        return bar < 0 ? -1 : step - sheet.Bars[bar].StartStep;
    }

    internal static Key EstimateKey(LeadSheet sheet)
    {
        Span<double> histogram = stackalloc double[12];
        foreach (var n in sheet.Melody) histogram[n.Pitch % 12] += n.DurationSteps;
        return KeyEstimator.Estimate(histogram, out _);
    }
}
