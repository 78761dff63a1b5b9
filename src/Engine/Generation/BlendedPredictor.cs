using System.Numerics.Tensors;
using AiCoPilot.Engine.Models;

namespace AiCoPilot.Engine.Generation;

/// <summary>
/// Log-linear interpolation of two next-token models: p(x) ∝ p_base(x)^(1-w) · p_style(x)^w, where w is the style
/// adaptation amount (0 = base model only, 1 = player's style only). Below 1, the style has its say only where it
/// remembers the passage (<see cref="IMatchedContext"/>: it has seen the whole context it reads, 8 tokens, about two
/// notes); elsewhere it would only be guessing from a note or two, and its guess flattened the base model's better one.
/// Held-out second halves, bits per token, blend with the style always on / only where it remembers (model alone):
/// POP909 1.012 / 0.738 (1.455), Nottingham 0.617 / 0.421 (1.071), OpenEWLD 1.678 / 1.057 (1.304), CRÉ 0.866 / 0.535
/// (0.724); a ramp from 6 to 8 tokens did no better (docs/evaluation.md, "The style speaks where it remembers").
/// Allocation-free after construction.
/// </summary>
public sealed class BlendedPredictor : ITokenPredictor
{
    private const float Floor = 1e-9f;
    private readonly ITokenPredictor _base;
    private readonly ITokenPredictor _style;
    private readonly float[] _styleBuffer;
    private float _weight;

    public BlendedPredictor(ITokenPredictor baseModel, ITokenPredictor style, float styleWeight)
    {
        if (baseModel.VocabularySize != style.VocabularySize) throw new ArgumentException("the two models have different vocabularies");
        _base = baseModel;
        _style = style;
        _styleBuffer = new float[style.VocabularySize];
        StyleWeight = styleWeight;
    }

    public int VocabularySize => _base.VocabularySize;

    public float StyleWeight
    {
        get => _weight;
        set => _weight = float.IsFinite(value) ? Math.Clamp(value, 0f, 1f) : 0.5f;
    }

    public void Prime(ReadOnlySpan<int> prompt) { _base.Prime(prompt); _style.Prime(prompt); }

    public void Accept(int token) { _base.Accept(token); _style.Accept(token); }

    public void Predict(Span<float> probabilities)
    {
        var p = probabilities[..VocabularySize];
        _base.Predict(p);
        if (_weight <= 0f) return;
        var s = _styleBuffer.AsSpan();
        _style.Predict(s);
        if (_weight >= 1f) { s.CopyTo(p); return; }
        if (_style is IMatchedContext { RemembersContext: false }) return;  // the base model alone
        TensorPrimitives.Max(p, Floor, p);
        TensorPrimitives.Max(s, Floor, s);
        TensorPrimitives.Log(p, p);
        TensorPrimitives.Log(s, s);
        TensorPrimitives.Multiply(p, 1f - _weight, p);
        TensorPrimitives.MultiplyAdd(s, _weight, p, p);
        TensorPrimitives.SoftMax(p, p);
    }
}
