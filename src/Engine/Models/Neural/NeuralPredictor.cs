using System.Numerics.Tensors;
using AiCoPilot.Engine.Tokens;
using Microsoft.ML.OnnxRuntime;

namespace AiCoPilot.Engine.Models.Neural;

/// <summary>
/// Streams a <see cref="NeuralModel"/> one token at a time with a key/value cache. All buffers, OrtValues and the two
/// IoBindings (cache A to B, and B to A) are made once here, so a step writes one token id and one position into
/// pinned memory and runs: no managed allocation per token. When the context fills, the cache is rebuilt from the
/// last half of the tokens (re-prime: the model has learned absolute positions, so it cannot slide).
/// </summary>
public sealed class NeuralPredictor : ITokenPredictor, IDisposable
{
    private readonly NeuralModel _model;
    private readonly float[][] _cacheA, _cacheB;
    private readonly OrtValue[] _cacheValuesA, _cacheValuesB;
    private readonly long[] _stepId = new long[1];
    private readonly long[] _stepLength = new long[1];
    private readonly float[] _stepLogits;
    private readonly OrtValue _stepIdValue, _stepLengthValue, _stepLogitsValue;
    private readonly OrtIoBinding _bindAtoB, _bindBtoA;
    private readonly RunOptions _runOptions = new();
    private readonly int[] _history;
    private readonly string[] _pastNames, _presentNames;
    private int _length;        // tokens in the cache
    private bool _currentIsA = true;
    private bool _disposed;

    public NeuralPredictor(NeuralModel model)
    {
        _model = model;
        int n = 2 * model.Layers;
        long[] cacheShape = { 1, model.Heads, model.Context, model.HeadDim };
        int cacheSize = model.Heads * model.Context * model.HeadDim;
        _cacheA = new float[n][];
        _cacheB = new float[n][];
        _cacheValuesA = new OrtValue[n];
        _cacheValuesB = new OrtValue[n];
        _pastNames = new string[n];
        _presentNames = new string[n];
        for (int i = 0; i < n; i++)
        {
            _cacheA[i] = new float[cacheSize];
            _cacheB[i] = new float[cacheSize];
            _cacheValuesA[i] = OrtValue.CreateTensorValueFromMemory(_cacheA[i], cacheShape);
            _cacheValuesB[i] = OrtValue.CreateTensorValueFromMemory(_cacheB[i], cacheShape);
            string kind = i % 2 == 0 ? "key" : "value";
            _pastNames[i] = $"past_{kind}_{i / 2}";
            _presentNames[i] = $"present_{kind}_{i / 2}";
        }
        _stepLogits = new float[model.VocabularySize];
        _stepIdValue = OrtValue.CreateTensorValueFromMemory(_stepId, new long[] { 1, 1 });
        _stepLengthValue = OrtValue.CreateTensorValueFromMemory(_stepLength, new long[] { 1 });
        _stepLogitsValue = OrtValue.CreateTensorValueFromMemory(_stepLogits, new long[] { 1, 1, model.VocabularySize });
        _bindAtoB = Bind(_cacheValuesA, _cacheValuesB);
        _bindBtoA = Bind(_cacheValuesB, _cacheValuesA);
        _history = new int[model.Context];
    }

    private OrtIoBinding Bind(OrtValue[] past, OrtValue[] present)
    {
        var binding = _model.Session.CreateIoBinding();
        binding.BindInput("input_ids", _stepIdValue);
        binding.BindInput("past_length", _stepLengthValue);
        binding.BindOutput("logits", _stepLogitsValue);
        for (int i = 0; i < past.Length; i++)
        {
            binding.BindInput(_pastNames[i], past[i]);
            binding.BindOutput(_presentNames[i], present[i]);
        }
        return binding;
    }

    public int VocabularySize => _model.VocabularySize;
    public NeuralModel Model => _model;

    /// <summary>
    /// Starts from a prompt (its last context/2 tokens when it is longer). The part of the prompt the cache already
    /// holds is kept (the cache is rewound to it, which costs nothing: later positions are masked), and only the rest
    /// is run in one pass. So a caller that primes the same growing prompt as it grows, or several variations of one
    /// prompt, pays for each token once.
    /// </summary>
    public void Prime(ReadOnlySpan<int> prompt)
    {
        if (prompt.Length == 0) prompt = new[] { TokenVocabulary.Bos };
        int keep = Math.Min(prompt.Length, _model.Context / 2);
        if (prompt.Length > keep) prompt = prompt[^keep..];
        int common = 0;
        while (common < _length && common < prompt.Length && _history[common] == prompt[common]) common++;
        if (common == prompt.Length) common--;  // the last token runs again: its logits are the ones wanted
        prompt.CopyTo(_history);
        Prefill(common, prompt.Length - common);
    }

    /// <summary>Tokens held in the cache.</summary>
    public int CachedTokens => _length;

    // Runs _history[from .. from + count) with the cache holding _history[0 .. from).
    private void Prefill(int from, int count)
    {
        var tokens = _history.AsSpan(from, count);
        int t = tokens.Length;
        var ids = new long[t];
        for (int i = 0; i < t; i++) ids[i] = tokens[i];
        var logits = new float[t * _model.VocabularySize];
        _stepLength[0] = from;
        var past = _currentIsA ? _cacheValuesA : _cacheValuesB;
        var present = _currentIsA ? _cacheValuesB : _cacheValuesA;
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, new long[] { 1, t });
        using var logitsValue = OrtValue.CreateTensorValueFromMemory(logits, new long[] { 1, t, _model.VocabularySize });
        var inputNames = new List<string> { "input_ids", "past_length" };
        var inputs = new List<OrtValue> { idsValue, _stepLengthValue };
        var outputNames = new List<string> { "logits" };
        var outputs = new List<OrtValue> { logitsValue };
        for (int i = 0; i < past.Length; i++)
        {
            inputNames.Add(_pastNames[i]); inputs.Add(past[i]);
            outputNames.Add(_presentNames[i]); outputs.Add(present[i]);
        }
        _model.Session.Run(_runOptions, inputNames, inputs, outputNames, outputs);
        logits.AsSpan((t - 1) * _model.VocabularySize, _model.VocabularySize).CopyTo(_stepLogits);
        _currentIsA = !_currentIsA;
        _length = from + t;
    }

    public void Accept(int token)
    {
        if (_length >= _model.Context)
        {
            // Re-prime from the last half of the window; this step allocates, the others do not.
            int keep = _model.Context / 2;
            Array.Copy(_history, _length - keep, _history, 0, keep);
            _history[keep] = token;
            Prefill(0, keep + 1);
            return;
        }
        _history[_length] = token;
        _stepId[0] = token;
        _stepLength[0] = _length;
        _model.Session.RunWithBinding(_runOptions, _currentIsA ? _bindAtoB : _bindBtoA);
        _currentIsA = !_currentIsA;
        _length++;
    }

    /// <summary>The next-token distribution (softmax of the last logits).</summary>
    public void Predict(Span<float> probabilities) => TensorPrimitives.SoftMax(_stepLogits, probabilities[..VocabularySize]);

    /// <summary>The raw logits of the last position (for the golden-file test).</summary>
    public ReadOnlySpan<float> Logits => _stepLogits;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _bindAtoB.Dispose();
        _bindBtoA.Dispose();
        foreach (var v in _cacheValuesA) v.Dispose();
        foreach (var v in _cacheValuesB) v.Dispose();
        _stepIdValue.Dispose();
        _stepLengthValue.Dispose();
        _stepLogitsValue.Dispose();
        _runOptions.Dispose();
    }
}
