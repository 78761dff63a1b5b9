using System.Numerics.Tensors;
using AiCoPilot.Engine.Tokens;
using Microsoft.ML.OnnxRuntime;

namespace AiCoPilot.Engine.Models.Neural;

/// <summary>
/// Streams a <see cref="NeuralModel"/> one token at a time with a key/value cache. The cache lives here, one buffer per
/// layer's keys and values, and the model only reads it: each run returns the new positions' keys and values, which
/// are copied into the cache at the current length (a few hundred floats a step; the cache itself, 1.5 MB, is never
/// copied). All buffers, OrtValues and the step's IoBinding are made once, so a step writes one token id and one
/// position into pinned memory and runs: no managed allocation per token. When the context fills, the cache is
/// rebuilt from the last half of the tokens (re-prime: the model has learned absolute positions, so it cannot slide).
/// </summary>
public sealed class NeuralPredictor : ITokenPredictor, IDisposable
{
    private readonly NeuralModel _model;
    private readonly float[][] _cache, _stepNew;
    private readonly OrtValue[] _cacheValues, _stepNewValues;
    private readonly long[] _stepId = new long[1];
    private readonly long[] _stepLength = new long[1];
    private readonly float[] _stepLogits;
    private readonly OrtValue _stepIdValue, _stepLengthValue, _stepLogitsValue;
    private readonly OrtIoBinding _stepBinding;
    private readonly RunOptions _runOptions = new();
    private readonly int[] _history;
    private readonly string[] _pastNames, _newNames, _prefixNames;
    // A single stream shares no prefix: one position, never seen (prefix_length 0).
    private readonly float[] _noPrefix;
    private readonly long[] _noPrefixLength = new long[1];
    private readonly OrtValue _noPrefixValue, _noPrefixLengthValue;
    private int _length;        // tokens in the cache
    private bool _disposed;

    public NeuralPredictor(NeuralModel model)
    {
        _model = model;
        int n = 2 * model.Layers;
        long[] cacheShape = { 1, model.Heads, model.Context, model.HeadDim };
        long[] stepShape = { 1, model.Heads, 1, model.HeadDim };
        _cache = new float[n][];
        _stepNew = new float[n][];
        _cacheValues = new OrtValue[n];
        _stepNewValues = new OrtValue[n];
        _pastNames = new string[n];
        _newNames = new string[n];
        _prefixNames = new string[n];
        _noPrefix = new float[model.Heads * model.HeadDim];
        _noPrefixValue = OrtValue.CreateTensorValueFromMemory(_noPrefix, new long[] { 1, model.Heads, 1, model.HeadDim });
        _noPrefixLengthValue = OrtValue.CreateTensorValueFromMemory(_noPrefixLength, new long[] { 1 });
        for (int i = 0; i < n; i++)
        {
            _cache[i] = new float[model.Heads * model.Context * model.HeadDim];
            _stepNew[i] = new float[model.Heads * model.HeadDim];
            _cacheValues[i] = OrtValue.CreateTensorValueFromMemory(_cache[i], cacheShape);
            _stepNewValues[i] = OrtValue.CreateTensorValueFromMemory(_stepNew[i], stepShape);
            string kind = i % 2 == 0 ? "key" : "value";
            _pastNames[i] = $"past_{kind}_{i / 2}";
            _newNames[i] = $"new_{kind}_{i / 2}";
            _prefixNames[i] = $"prefix_{kind}_{i / 2}";
        }
        _stepLogits = new float[model.VocabularySize];
        _stepIdValue = OrtValue.CreateTensorValueFromMemory(_stepId, new long[] { 1, 1 });
        _stepLengthValue = OrtValue.CreateTensorValueFromMemory(_stepLength, new long[] { 1 });
        _stepLogitsValue = OrtValue.CreateTensorValueFromMemory(_stepLogits, new long[] { 1, 1, model.VocabularySize });
        _stepBinding = _model.Session.CreateIoBinding();
        _stepBinding.BindInput("input_ids", _stepIdValue);
        _stepBinding.BindInput("past_length", _stepLengthValue);
        _stepBinding.BindInput("prefix_length", _noPrefixLengthValue);
        _stepBinding.BindOutput("logits", _stepLogitsValue);
        for (int i = 0; i < n; i++)
        {
            _stepBinding.BindInput(_pastNames[i], _cacheValues[i]);
            _stepBinding.BindInput(_prefixNames[i], _noPrefixValue);
            _stepBinding.BindOutput(_newNames[i], _stepNewValues[i]);
        }
        _history = new int[model.Context];
    }

    // Writes the keys or values of `count` new positions (laid out [H, count, Dh]) into a cache at `at`.
    private void Store(float[] cache, ReadOnlySpan<float> fresh, int at, int count)
    {
        int dh = _model.HeadDim, context = _model.Context;
        for (int h = 0; h < _model.Heads; h++)
            fresh.Slice(h * count * dh, count * dh).CopyTo(cache.AsSpan((h * context + at) * dh, count * dh));
    }

    public int VocabularySize => _model.VocabularySize;
    public NeuralModel Model => _model;

    /// <summary>
    /// Starts from a prompt (its last context/2 tokens when it is longer). The part of the prompt the cache already
    /// holds is kept (the cache is rewound to it, which costs nothing: later positions are masked), and only the rest
    /// is run in one pass. So a caller that primes the same growing prompt as it grows, or several variations of one
    /// prompt, pays for each token once.
    /// </summary>
    public void Prime(ReadOnlySpan<int> prompt) => Prime(prompt, _model.Context / 2);

    /// <summary>As <see cref="Prime(ReadOnlySpan{int})"/>, keeping up to <paramref name="longest"/> tokens of the prompt
    /// (a row of <see cref="NeuralBatch"/> re-primes with the same tokens as <see cref="Accept"/> does here).</summary>
    internal void Prime(ReadOnlySpan<int> prompt, int longest)
    {
        prompt = Kept(prompt, longest);
        int common = 0;
        while (common < _length && common < prompt.Length && _history[common] == prompt[common]) common++;
        if (common == prompt.Length) common--;  // the last token runs again: its logits are the ones wanted
        prompt.CopyTo(_history);
        Prefill(common, prompt.Length - common);
    }

    private static readonly int[] OnlyBos = { TokenVocabulary.Bos };

    /// <summary>The tokens <see cref="Prime(ReadOnlySpan{int}, int)"/> holds of a prompt: its last
    /// <paramref name="longest"/> (at most the context), or BOS for an empty one.</summary>
    internal ReadOnlySpan<int> Kept(ReadOnlySpan<int> prompt, int longest)
    {
        if (prompt.Length == 0) return OnlyBos;
        int keep = Math.Min(prompt.Length, Math.Clamp(longest, 1, _model.Context));
        return prompt[^keep..];
    }

    /// <summary>Tokens held in the cache.</summary>
    public int CachedTokens => _length;

    // Runs _history[from .. from + count) with the cache holding _history[0 .. from). ONNX Runtime allocates the
    // outputs from its own arena: a re-prime's outputs are about 1 MB, and as managed arrays they would land on the
    // large object heap, which only a full collection frees (8 instances re-priming grew the process by megabytes an
    // hour between full collections). The arena reuses the same native memory every time.
    private void Prefill(int from, int count)
    {
        var tokens = _history.AsSpan(from, count);
        int t = tokens.Length;
        var ids = new long[t];
        for (int i = 0; i < t; i++) ids[i] = tokens[i];
        _stepLength[0] = from;
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, new long[] { 1, t });
        var inputNames = new List<string>(2 * _cache.Length + 3) { "input_ids", "past_length", "prefix_length" };
        var inputs = new List<OrtValue>(2 * _cache.Length + 3) { idsValue, _stepLengthValue, _noPrefixLengthValue };
        var outputNames = new List<string>(_cache.Length + 1) { "logits" };
        for (int i = 0; i < _cache.Length; i++)
        {
            inputNames.Add(_pastNames[i]); inputs.Add(_cacheValues[i]);
            inputNames.Add(_prefixNames[i]); inputs.Add(_noPrefixValue);
            outputNames.Add(_newNames[i]);
        }
        using var outputs = _model.Session.Run(_runOptions, inputNames, inputs, outputNames);
        int v = _model.VocabularySize;
        outputs[0].GetTensorDataAsSpan<float>().Slice((t - 1) * v, v).CopyTo(_stepLogits);
        for (int i = 0; i < _cache.Length; i++) Store(_cache[i], outputs[i + 1].GetTensorDataAsSpan<float>(), from, t);
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
        _model.Session.RunWithBinding(_runOptions, _stepBinding);
        for (int i = 0; i < _cache.Length; i++) Store(_cache[i], _stepNew[i], _length, 1);
        _length++;
    }

    /// <summary>The next-token distribution (softmax of the last logits).</summary>
    public void Predict(Span<float> probabilities) => TensorPrimitives.SoftMax(_stepLogits, probabilities[..VocabularySize]);

    /// <summary>The raw logits of the last position (for the golden-file test).</summary>
    public ReadOnlySpan<float> Logits => _stepLogits;

    /// <summary>The tokens the cache holds, in order.</summary>
    public ReadOnlySpan<int> CachedHistory => _history.AsSpan(0, _length);

    /// <summary>Copies the keys and values of the tokens held from position <paramref name="from"/> on into row
    /// <paramref name="row"/> of caches laid out [rows, H, <paramref name="capacity"/>, Dh], at the row's start (as a
    /// <see cref="NeuralBatch"/> keeps its shared prefix and its rows' own positions).</summary>
    internal void CopyCacheInto(float[][] caches, int row, int capacity, int from)
    {
        int dh = _model.HeadDim, context = _model.Context, heads = _model.Heads, count = _length - from;
        for (int i = 0; i < _cache.Length; i++)
            for (int h = 0; h < heads; h++)
                _cache[i].AsSpan((h * context + from) * dh, count * dh).CopyTo(caches[i].AsSpan(((row * heads + h) * capacity) * dh, count * dh));
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stepBinding.Dispose();
        foreach (var v in _cacheValues) v.Dispose();
        foreach (var v in _stepNewValues) v.Dispose();
        _stepIdValue.Dispose();
        _stepLengthValue.Dispose();
        _stepLogitsValue.Dispose();
        _noPrefixValue.Dispose();
        _noPrefixLengthValue.Dispose();
        _runOptions.Dispose();
    }
}
