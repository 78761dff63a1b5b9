using System.Collections.Concurrent;
using System.Numerics.Tensors;
using AiCoPilot.Engine.Tokens;
using Microsoft.ML.OnnxRuntime;

namespace AiCoPilot.Engine.Models.Neural;

/// <summary>
/// Runs the model for several token streams at once, one row each (model version 3's batch dimension): a pool of
/// candidate takes advances one token per row in a single ONNX run, which costs far less than a run per row. Each row
/// is an <see cref="ITokenPredictor"/> (<see cref="Row"/>): Accept only notes the token; Predict runs the batch when
/// that row's logits are stale, so a driver that lets every row accept before any predicts gets one run per step,
/// and any other order is still correct. Priming copies the keys and values of a prompt run once (all rows of a pool
/// share the prompt). Buffers and the binding are made once: a step allocates nothing.
/// Memory: 1.5 MB of cache per row for the shipped model, so batches are rented from a small shared stock.
/// </summary>
public sealed class NeuralBatch : IDisposable
{
    private static readonly ConcurrentDictionary<NeuralModel, ConcurrentBag<NeuralBatch>> Stock = new();
    private const int KeptPerModel = 2;

    private readonly NeuralModel _model;
    private readonly NeuralPredictor _prompt;   // runs prompts and re-primes, batch of one
    private readonly float[][] _cache, _new;
    private readonly OrtValue[] _cacheValues, _newValues;
    private readonly long[] _ids, _lengths, _runLengths;  // _runLengths: what the graph reads (0 for rows riding along)
    private readonly float[] _logits, _keptLogits;  // _keptLogits: the rows riding along keep their logits through a run
    private readonly OrtValue _idsValue, _lengthsValue, _logitsValue;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly int[][] _history;
    private readonly bool[] _stale;
    private readonly RowPredictor[] _rows;
    private bool _disposed;

    public NeuralBatch(NeuralModel model, int rows)
    {
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows));
        _model = model;
        Rows = rows;
        _prompt = new NeuralPredictor(model);
        int n = 2 * model.Layers, rowSize = model.Heads * model.Context * model.HeadDim;
        _cache = new float[n][];
        _new = new float[n][];
        _cacheValues = new OrtValue[n];
        _newValues = new OrtValue[n];
        _binding = model.Session.CreateIoBinding();
        _ids = new long[rows];
        _lengths = new long[rows];
        _runLengths = new long[rows];
        _logits = new float[rows * model.VocabularySize];
        _keptLogits = new float[rows * model.VocabularySize];
        _idsValue = OrtValue.CreateTensorValueFromMemory(_ids, new long[] { rows, 1 });
        _lengthsValue = OrtValue.CreateTensorValueFromMemory(_runLengths, new long[] { rows });
        _logitsValue = OrtValue.CreateTensorValueFromMemory(_logits, new long[] { rows, 1, model.VocabularySize });
        _binding.BindInput("input_ids", _idsValue);
        _binding.BindInput("past_length", _lengthsValue);
        _binding.BindOutput("logits", _logitsValue);
        for (int i = 0; i < n; i++)
        {
            _cache[i] = new float[rows * rowSize];
            _new[i] = new float[rows * model.Heads * model.HeadDim];
            _cacheValues[i] = OrtValue.CreateTensorValueFromMemory(_cache[i], new long[] { rows, model.Heads, model.Context, model.HeadDim });
            _newValues[i] = OrtValue.CreateTensorValueFromMemory(_new[i], new long[] { rows, model.Heads, 1, model.HeadDim });
            string kind = i % 2 == 0 ? "key" : "value";
            _binding.BindInput($"past_{kind}_{i / 2}", _cacheValues[i]);
            _binding.BindOutput($"new_{kind}_{i / 2}", _newValues[i]);
        }
        _history = Enumerable.Range(0, rows).Select(_ => new int[model.Context]).ToArray();
        _stale = new bool[rows];
        _rows = Enumerable.Range(0, rows).Select(r => new RowPredictor(this, r)).ToArray();
    }

    public int Rows { get; }
    public NeuralModel Model => _model;
    /// <summary>How many batch runs were made (each steps every row with a new token).</summary>
    public long Runs { get; private set; }

    /// <summary>Row <paramref name="row"/> as a predictor of its own.</summary>
    public ITokenPredictor Row(int row) => _rows[row];

    /// <summary>A batch of <paramref name="rows"/> rows from the shared stock, or a new one.</summary>
    public static NeuralBatch Rent(NeuralModel model, int rows)
    {
        var bag = Stock.GetOrAdd(model, _ => new ConcurrentBag<NeuralBatch>());
        var skipped = new List<NeuralBatch>();
        NeuralBatch? found = null;
        while (bag.TryTake(out var batch))
        {
            if (batch.Rows == rows) { found = batch; break; }  // every row runs in every step: a larger batch costs more
            skipped.Add(batch);
        }
        foreach (var b in skipped) Return(b);
        return found ?? new NeuralBatch(model, rows);
    }

    /// <summary>Gives a rented batch back (a few are kept for the next answer; the others are freed).</summary>
    public static void Return(NeuralBatch batch)
    {
        var bag = Stock.GetOrAdd(batch._model, _ => new ConcurrentBag<NeuralBatch>());
        if (bag.Count < KeptPerModel) bag.Add(batch);
        else batch.Dispose();
    }

    private int RowSize => _model.Heads * _model.Context * _model.HeadDim;

    // Starts row r from a prompt: the prompt runs once in the batch of one (which keeps what it already holds) and its
    // keys and values are copied into the row.
    private void PrimeRow(int r, ReadOnlySpan<int> prompt, int longest)
    {
        _prompt.Prime(prompt, longest);
        _prompt.CopyCacheInto(_cache, r);
        var held = _prompt.CachedHistory;
        held.CopyTo(_history[r]);
        _lengths[r] = held.Length;
        _prompt.Logits.CopyTo(_logits.AsSpan(r * _model.VocabularySize, _model.VocabularySize));
        _stale[r] = false;
    }

    private void AcceptRow(int r, int token)
    {
        if (_stale[r]) Run();  // the row's last token has not run yet
        int length = (int)_lengths[r];
        if (length >= _model.Context)
        {
            // The context is full: start the row again from the last half of its tokens (as NeuralPredictor does).
            int keep = _model.Context / 2;
            var recent = new int[keep + 1];
            Array.Copy(_history[r], length - keep, recent, 0, keep);
            recent[keep] = token;
            PrimeRow(r, recent, keep + 1);
            return;
        }
        _history[r][length] = token;
        _ids[r] = token;
        _stale[r] = true;
    }

    /// <summary>Runs every row that has a new token: one ONNX run; rows without one ride along and are left as they
    /// were (their new keys and values are not stored, their logits not taken).</summary>
    public void Run()
    {
        bool any = false;
        for (int r = 0; r < Rows; r++) any |= _stale[r];
        if (!any) return;
        var keep = _keptLogits;
        for (int r = 0; r < Rows; r++)
            if (!_stale[r]) _logits.AsSpan(r * _model.VocabularySize, _model.VocabularySize).CopyTo(keep.AsSpan(r * _model.VocabularySize));
        for (int r = 0; r < Rows; r++)
        {
            if (!_stale[r]) _ids[r] = TokenVocabulary.Pad;
            _runLengths[r] = _stale[r] ? _lengths[r] : 0;  // a finished row may hold a full context: no position past it
        }
        _model.Session.RunWithBinding(_runOptions, _binding);
        Runs++;
        int dh = _model.HeadDim, heads = _model.Heads, context = _model.Context, v = _model.VocabularySize;
        for (int r = 0; r < Rows; r++)
        {
            if (!_stale[r])
            {
                keep.AsSpan(r * v, v).CopyTo(_logits.AsSpan(r * v, v));
                continue;
            }
            int at = (int)_lengths[r];
            for (int i = 0; i < _cache.Length; i++)
                for (int h = 0; h < heads; h++)
                    _new[i].AsSpan((r * heads + h) * dh, dh).CopyTo(_cache[i].AsSpan(r * RowSize + (h * context + at) * dh, dh));
            _lengths[r] = at + 1;
            _stale[r] = false;
        }
    }


    private void PredictRow(int r, Span<float> probabilities)
    {
        if (_stale[r]) Run();
        int v = _model.VocabularySize;
        TensorPrimitives.SoftMax(_logits.AsSpan(r * v, v), probabilities[..v]);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _binding.Dispose();
        foreach (var value in _cacheValues) value.Dispose();
        foreach (var value in _newValues) value.Dispose();
        _idsValue.Dispose();
        _lengthsValue.Dispose();
        _logitsValue.Dispose();
        _runOptions.Dispose();
        _prompt.Dispose();
    }

    private sealed class RowPredictor : ITokenPredictor
    {
        private readonly NeuralBatch _batch;
        private readonly int _row;
        public RowPredictor(NeuralBatch batch, int row) { _batch = batch; _row = row; }
        public int VocabularySize => _batch._model.VocabularySize;
        public void Prime(ReadOnlySpan<int> prompt) => _batch.PrimeRow(_row, prompt, _batch._model.Context / 2);
        public void Accept(int token) => _batch.AcceptRow(_row, token);
        public void Predict(Span<float> probabilities) => _batch.PredictRow(_row, probabilities);
    }
}
