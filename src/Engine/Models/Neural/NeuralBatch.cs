using System.Collections.Concurrent;
using System.Numerics.Tensors;
using AiCoPilot.Engine.Tokens;
using Microsoft.ML.OnnxRuntime;

namespace AiCoPilot.Engine.Models.Neural;

/// <summary>
/// Runs the model for several token streams at once, one row each (the graph's batch dimension): a pool of candidate
/// takes advances one token per row in a single ONNX run, which costs far less than a run per row. Each row is an
/// <see cref="ITokenPredictor"/> (<see cref="Row"/>): Accept only notes the token; Predict runs the batch when that
/// row's logits are stale, so a driver that lets every row accept before any predicts gets one run per step, and any
/// other order is still correct.
/// What a step reads is kept small. The rows of a pool continue one prompt: <see cref="SharePrefix"/> holds its keys
/// and values once, and each row primed with it keeps only its own positions, in caches as long as the longest row
/// needs (they grow in steps); a row whose prompt does not start with the prefix holds all of it itself. Only rows
/// with a new token run: they are moved to the front slots (a finished candidate's row is swapped behind them), and the
/// graph is given that many rows. Version 3 of the graph read every row's whole context every step (24 MB at 16 rows).
/// Buffers are made once; a step allocates nothing, but for the tensor views remade when the number of running rows,
/// the rows' capacity or the prefix changes. Memory: 1.5 MB of cache per row and one for the prefix (shipped model), so
/// batches are rented from a small shared stock.
/// </summary>
public sealed class NeuralBatch : IDisposable
{
    private static readonly ConcurrentDictionary<NeuralModel, ConcurrentBag<NeuralBatch>> Stock = new();
    private const int KeptPerModel = 2;
    // Rows' own caches grow in steps of this many positions: a step reads every running row's whole capacity (at 16
    // rows and a 100-token prompt, 32 positions ran at 11-13 k tokens/s, 128 at 9-11 k), and a growth moves them once.
    private const int CapacityStep = 32;

    private readonly NeuralModel _model;
    private readonly NeuralPredictor _prompt;   // runs prompts and re-primes, batch of one
    // By slot (the graph's row): caches [slots, H, _capacity, Dh], the prefix [1, H, _prefixPositions, Dh], the inputs
    // and outputs of a run.
    private readonly float[][] _cache, _prefix, _new;
    private readonly long[] _ids, _runLengths, _runPrefixLengths;
    private readonly float[] _slotLogits, _swap;
    private readonly int[] _rowAt;
    // By row (what the caller calls a row; it may sit in any slot).
    private readonly int[] _slotOf, _pending;
    private readonly long[] _lengths, _prefixLengths;   // own positions held, prefix positions seen
    private readonly float[] _logits;
    private readonly int[][] _history;   // every token the row holds, the prefix's included
    private readonly bool[] _stale;
    private readonly RowPredictor[] _rows;
    private readonly int[] _prefixTokens;
    private readonly float[] _prefixLogits;  // the prompt's next-token logits, for every row primed with exactly it
    private readonly string[] _pastNames, _prefixNames, _newNames;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly List<OrtValue> _bound = new();
    private int _capacity = CapacityStep;
    private int _prefixPositions = 1;  // the prefix tensor's length: an empty prefix is one position nobody sees
    private int _shared;               // tokens of the shared prefix (0: none)
    private (int Slots, int Capacity, int Prefix) _boundShape;
    private bool _disposed;

    public NeuralBatch(NeuralModel model, int rows)
    {
        if (rows < 1) throw new ArgumentOutOfRangeException(nameof(rows));
        _model = model;
        Rows = rows;
        _prompt = new NeuralPredictor(model);
        int n = 2 * model.Layers, rowSize = model.Heads * model.Context * model.HeadDim;
        _cache = new float[n][];
        _prefix = new float[n][];
        _new = new float[n][];
        _pastNames = new string[n];
        _prefixNames = new string[n];
        _newNames = new string[n];
        for (int i = 0; i < n; i++)
        {
            string kind = i % 2 == 0 ? "key" : "value";
            _pastNames[i] = $"past_{kind}_{i / 2}";
            _prefixNames[i] = $"prefix_{kind}_{i / 2}";
            _newNames[i] = $"new_{kind}_{i / 2}";
            _cache[i] = new float[rows * rowSize];
            _prefix[i] = new float[rowSize];
            _new[i] = new float[rows * model.Heads * model.HeadDim];
        }
        _ids = new long[rows];
        _runLengths = new long[rows];
        _runPrefixLengths = new long[rows];
        _slotLogits = new float[rows * model.VocabularySize];
        _swap = new float[model.Context * model.HeadDim];
        _rowAt = Enumerable.Range(0, rows).ToArray();
        _slotOf = Enumerable.Range(0, rows).ToArray();
        _pending = new int[rows];
        _lengths = new long[rows];
        _prefixLengths = new long[rows];
        _logits = new float[rows * model.VocabularySize];
        _history = Enumerable.Range(0, rows).Select(_ => new int[model.Context]).ToArray();
        _stale = new bool[rows];
        _prefixTokens = new int[model.Context];
        _prefixLogits = new float[model.VocabularySize];
        _binding = model.Session.CreateIoBinding();
        _rows = Enumerable.Range(0, rows).Select(r => new RowPredictor(this, r)).ToArray();
    }

    public int Rows { get; }
    public NeuralModel Model => _model;
    /// <summary>How many batch runs were made (each steps every row with a new token).</summary>
    public long Runs { get; private set; }
    /// <summary>Rows stepped over every run (a row without a new token is not run).</summary>
    public long RowSteps { get; private set; }

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
            if (batch.Rows >= rows) { found = batch; break; }  // rows never given a token are never run
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

    /// <summary>Holds <paramref name="prompt"/> (its last context/2 tokens, as a row keeps them) once for every row
    /// primed with it afterwards. Every row is emptied: prime the rows again.</summary>
    public void SharePrefix(ReadOnlySpan<int> prompt)
    {
        _prompt.Prime(prompt, _model.Context / 2);
        var held = _prompt.CachedHistory;
        _prompt.CopyCacheInto(_prefix, 0, held.Length, 0);
        held.CopyTo(_prefixTokens);
        _prompt.Logits.CopyTo(_prefixLogits);
        _shared = _prefixPositions = held.Length;
        _capacity = CapacityStep;  // every row is emptied: a step reads no room an earlier, longer pool needed
        Array.Clear(_lengths);
        Array.Clear(_prefixLengths);
        Array.Clear(_stale);
    }

    /// <summary>Tokens of the shared prefix (0: none).</summary>
    public int SharedPrefixLength => _shared;

    /// <summary>Positions each row's own cache holds now (it grows as the rows do).</summary>
    public int RowCapacity => _capacity;

    // Starts row r from a prompt: the prompt runs once in the batch of one (which keeps what it already holds); the part
    // after the shared prefix, when the prompt starts with it, or else the whole prompt, is copied into the row's slot.
    // A row primed with exactly the shared prefix (every candidate of a pool) runs nothing: it holds no position yet.
    private void PrimeRow(int r, ReadOnlySpan<int> prompt, int longest)
    {
        var shared = _prefixTokens.AsSpan(0, _shared);
        bool isPrefix = _shared > 0 && _prompt.Kept(prompt, longest).SequenceEqual(shared);
        if (!isPrefix) _prompt.Prime(prompt, longest);
        var held = isPrefix ? shared : _prompt.CachedHistory;
        int seen = _shared > 0 && held.Length >= _shared && held[.._shared].SequenceEqual(shared) ? _shared : 0;
        EnsureCapacity(held.Length - seen);
        if (!isPrefix) _prompt.CopyCacheInto(_cache, _slotOf[r], _capacity, seen);
        held.CopyTo(_history[r]);
        _prefixLengths[r] = seen;
        _lengths[r] = held.Length - seen;
        (isPrefix ? _prefixLogits : _prompt.Logits).CopyTo(_logits.AsSpan(r * _model.VocabularySize, _model.VocabularySize));
        _stale[r] = false;
    }

    // Makes every slot's own cache hold at least `positions`: lays the slots out again with the room rounded up to a
    // whole step (at most the context), moving each slot's keys and values from the back so none is overwritten first.
    private void EnsureCapacity(int positions)
    {
        if (positions <= _capacity) return;
        int grown = Math.Min((positions + CapacityStep - 1) / CapacityStep * CapacityStep, _model.Context);
        int dh = _model.HeadDim, heads = _model.Heads;
        for (int i = 0; i < _cache.Length; i++)
            for (int block = Rows * heads - 1; block > 0; block--)
                _cache[i].AsSpan(block * _capacity * dh, _capacity * dh).CopyTo(_cache[i].AsSpan(block * grown * dh));
        _capacity = grown;
    }

    private void AcceptRow(int r, int token)
    {
        if (_stale[r]) Run();  // the row's last token has not run yet
        int own = (int)_lengths[r], length = (int)_prefixLengths[r] + own;
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
        EnsureCapacity(own + 1);
        _history[r][length] = token;
        _pending[r] = token;
        _stale[r] = true;
    }

    /// <summary>Runs every row that has a new token, in one ONNX run; the others are left as they were.</summary>
    public void Run()
    {
        int running = 0;
        for (int r = 0; r < Rows; r++) if (_stale[r]) running++;
        if (running == 0) return;
        GatherRunningRows(running);
        for (int s = 0; s < running; s++)
        {
            int r = _rowAt[s];
            _ids[s] = _pending[r];
            _runLengths[s] = _lengths[r];
            _runPrefixLengths[s] = _prefixLengths[r];
        }
        Bind(running);
        _model.Session.RunWithBinding(_runOptions, _binding);
        Runs++;
        RowSteps += running;
        int dh = _model.HeadDim, heads = _model.Heads, v = _model.VocabularySize;
        for (int s = 0; s < running; s++)
        {
            int r = _rowAt[s], at = (int)_lengths[r];
            for (int i = 0; i < _cache.Length; i++)
                for (int h = 0; h < heads; h++)
                    _new[i].AsSpan((s * heads + h) * dh, dh).CopyTo(_cache[i].AsSpan(((s * heads + h) * _capacity + at) * dh, dh));
            _slotLogits.AsSpan(s * v, v).CopyTo(_logits.AsSpan(r * v, v));
            _lengths[r] = at + 1;
            _stale[r] = false;
        }
    }

    // Puts the rows with a new token in slots 0 .. running - 1: each one found behind them trades slots (and cached
    // keys and values) with a row in front that has none. A finished candidate moves back once and stays there.
    private void GatherRunningRows(int running)
    {
        int front = 0;
        for (int s = running; s < Rows; s++)
        {
            if (!_stale[_rowAt[s]]) continue;
            while (_stale[_rowAt[front]]) front++;
            SwapSlots(front, s);
        }
    }

    private void SwapSlots(int a, int b)
    {
        int rowA = _rowAt[a], rowB = _rowAt[b];
        int used = (int)Math.Max(_lengths[rowA], _lengths[rowB]) * _model.HeadDim, block = _capacity * _model.HeadDim;
        var swap = _swap.AsSpan(0, used);
        for (int i = 0; i < _cache.Length; i++)
            for (int h = 0; h < _model.Heads; h++)
            {
                var first = _cache[i].AsSpan((a * _model.Heads + h) * block, used);
                var second = _cache[i].AsSpan((b * _model.Heads + h) * block, used);
                first.CopyTo(swap);
                second.CopyTo(first);
                swap.CopyTo(second);
            }
        (_rowAt[a], _rowAt[b]) = (rowB, rowA);
        _slotOf[rowA] = b;
        _slotOf[rowB] = a;
    }

    // Binds tensors of `slots` rows over the buffers, remade only when that number, the capacity or the prefix changed.
    private void Bind(int slots)
    {
        var shape = (slots, _capacity, _prefixPositions);
        if (shape == _boundShape) return;
        var old = _bound.ToArray();  // disposed once the new views are bound (a view pins its buffer)
        _bound.Clear();
        int heads = _model.Heads, dh = _model.HeadDim, v = _model.VocabularySize;
        _binding.BindInput("input_ids", Tensor(_ids, slots, 1));
        _binding.BindInput("past_length", Tensor(_runLengths, slots));
        _binding.BindInput("prefix_length", Tensor(_runPrefixLengths, slots));
        _binding.BindOutput("logits", Tensor(_slotLogits, slots, 1, v));
        for (int i = 0; i < _cache.Length; i++)
        {
            _binding.BindInput(_pastNames[i], Tensor(_cache[i], slots, heads, _capacity, dh));
            _binding.BindInput(_prefixNames[i], Tensor(_prefix[i], 1, heads, _prefixPositions, dh));
            _binding.BindOutput(_newNames[i], Tensor(_new[i], slots, heads, 1, dh));
        }
        _boundShape = shape;
        foreach (var value in old) value.Dispose();
    }

    // The start of a buffer as a tensor of the given shape, kept until the next binding replaces it.
    private OrtValue Tensor<T>(T[] buffer, params long[] shape) where T : unmanaged
    {
        long count = 1;
        foreach (long d in shape) count *= d;
        var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, (int)count), shape);
        _bound.Add(value);
        return value;
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
        foreach (var value in _bound) value.Dispose();
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
