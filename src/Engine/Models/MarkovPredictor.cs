namespace AiCoPilot.Engine.Models;

/// <summary>Follows a sequence for a <see cref="VariableOrderMarkovModel"/>: keeps the last MaxOrder tokens in a ring.</summary>
public sealed class MarkovPredictor : ITokenPredictor, IMatchedContext
{
    private readonly VariableOrderMarkovModel _model;
    private readonly int[] _ring;
    private readonly int[] _context;
    private int _length;
    private int _head;

    public MarkovPredictor(VariableOrderMarkovModel model)
    {
        _model = model;
        _ring = new int[Math.Max(1, model.MaxOrder)];
        _context = new int[_ring.Length];
    }

    public int VocabularySize => _model.VocabularySize;
    public VariableOrderMarkovModel Model => _model;

    public void Prime(ReadOnlySpan<int> prompt)
    {
        _length = 0;
        _head = 0;
        foreach (int t in prompt) Accept(t);
    }

    public void Accept(int token)
    {
        _ring[_head] = token;
        _head = (_head + 1) % _ring.Length;
        if (_length < _ring.Length) _length++;
    }

    public void Predict(Span<float> probabilities)
    {
        for (int i = 0; i < _length; i++)
            _context[i] = _ring[(_head - _length + i + _ring.Length) % _ring.Length];
        MatchedOrder = _model.Predict(_context.AsSpan(0, _model.MaxOrder == 0 ? 0 : _length), probabilities);
    }

    /// <summary>The length of the longest context the model had seen at the last <see cref="Predict"/>.</summary>
    public int MatchedOrder { get; private set; }

    public bool RemembersContext => _model.MaxOrder > 0 && MatchedOrder >= _model.MaxOrder;
}
