using System.Numerics.Tensors;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Generation;

/// <summary>
/// Turns a model's next-token distribution into one sampled token under the controls: grammar, mode, key lock and
/// pitch range masks (masked tokens are never emitted), the originality guard (a pitch that would complete 8
/// consecutive notes of a training song is masked), density shaping, chord-tone bias, steering away from what earlier
/// takes of the answer played and from replaying the prompt (echo), temperature and top-p.
/// Works on buffers it owns: sampling allocates nothing.
/// </summary>
public sealed class TokenSampler
{
    private readonly float[] _staticMask = new float[TokenVocabulary.Size];
    private readonly int[] _candidateIds = new int[TokenVocabulary.Size];
    private readonly float[] _candidateWeights = new float[TokenVocabulary.Size];
    private GenerationSettings _settings = new();

    /// <summary>How many times the originality guard masked a pitch.</summary>
    public long GuardMasks { get; private set; }
    /// <summary>How many times a pitch that would have echoed 8 notes of the prompt was weighed down.</summary>
    public long EchoSteers { get; private set; }
    private float _densitySlope;

    /// <summary>Added to the density slope for the next token: the generator's feedback toward its target note rate.</summary>
    public float DensityFeedback { get; set; }

    /// <summary>Prepares the masks that depend only on the settings and key.</summary>
    public void Configure(GenerationSettings settings, Key key)
    {
        _settings = settings;
        _densitySlope = (0.5f - settings.Density) * 4f;
        for (int id = 0; id < TokenVocabulary.Size; id++)
            _staticMask[id] = StaticallyAllowed(id, settings, key) ? 1f : 0f;
    }

    private static bool StaticallyAllowed(int id, GenerationSettings s, Key key)
    {
        switch (TokenVocabulary.KindOf(id))
        {
            case TokenKind.Pad:
            case TokenKind.Bos:
            case TokenKind.Eos:
            case TokenKind.Meter:   // a continuation keeps the meter of its context
                return false;
            case TokenKind.Pitch:
                int pitch = TokenVocabulary.PitchOf(id);
                if (s.Mode == GenerationMode.Harmony) return false;
                if (pitch < s.LowestPitch || pitch > s.HighestPitch) return false;
                return !s.KeyLock || key.Contains(pitch);
            case TokenKind.Chord:
                // Melody mode samples chords too but does not play them: the model was trained on melody over chords,
                // and with chords masked its melody wandered (6-16% leaps over 9 semitones against 1% in the songs).
                return !s.KeyLock || key.Contains(TokenVocabulary.ChordOf(id));
            default:
                return true;
        }
    }

    /// <summary>
    /// Samples the next token given the model's <paramref name="probabilities"/> (left unchanged) and the decoder state.
    /// Returns -1 only if no token is allowed at all.
    /// </summary>
    public int Sample(ReadOnlySpan<float> probabilities, in TokenStreamDecoder decoder, ChordSymbol? activeChord, ref DeterministicRandom random,
        OriginalityIndex? guard = null, MelodyWindow? melody = null, bool noteBeforeBarEnds = false, EarlierTakes? earlier = null,
        OriginalityIndex? prompt = null)
    {
        int onset = decoder.BarStartStep + Math.Max(0, decoder.PositionInBar);
        bool chordsFirst = _settings.Mode != GenerationMode.Melody;
        int count = 0;
        int lastStep = decoder.PositionInBar;
        float slope = _densitySlope + DensityFeedback;
        for (int id = 0; id < TokenVocabulary.Size; id++)
        {
            if (_staticMask[id] == 0f || !decoder.Allows(id)) continue;
            var kind = TokenVocabulary.KindOf(id);
            // Harmony and Both modes open every bar with a chord on its first step.
            if (chordsFirst && lastStep < 0 && kind == TokenKind.Position && TokenVocabulary.StepOfPosition(id) != 0) continue;
            if (chordsFirst && lastStep < 0 && kind == TokenKind.Bar && decoder.BarCount > 0) continue;
            if (chordsFirst && decoder.AwaitingEventAtPosition && decoder.EventsInBar == 0 && kind != TokenKind.Chord) continue;
            if (noteBeforeBarEnds && kind == TokenKind.Bar) continue;
            if (guard is not null && melody is not null && kind == TokenKind.Pitch && melody.WouldCopy(guard, onset, TokenVocabulary.PitchOf(id)))
            {
                GuardMasks++;
                continue;
            }
            float w = probabilities[id];
            if (kind == TokenKind.Position)
                w *= MathF.Exp(slope * (TokenVocabulary.StepOfPosition(id) - Math.Max(lastStep, 0)) / 4f);
            else if (kind == TokenKind.Bar)
                w *= MathF.Exp(slope * (decoder.BarLengthSteps - Math.Max(lastStep, 0)) / 4f);
            else if (kind == TokenKind.Pitch)
            {
                int pitch = TokenVocabulary.PitchOf(id);
                if (activeChord is { } chord && chord.Contains(pitch)) w *= _settings.ChordToneBias;
                if (earlier is not null && earlier.Contains(onset, pitch)) w *= _settings.RepeatAcrossTakes;
                if (prompt is not null && melody is not null && melody.WouldCopy(prompt, onset, pitch))
                {
                    if (_settings.EchoWeight <= 0f) continue;
                    w *= _settings.EchoWeight;
                    EchoSteers++;
                }
            }
            _candidateIds[count] = id;
            _candidateWeights[count] = w;
            count++;
        }
        if (count == 0) return -1;
        var weights = _candidateWeights.AsSpan(0, count);
        var ids = _candidateIds.AsSpan(0, count);
        float total = TensorPrimitives.Sum(weights);
        if (!(total > 0f) || !float.IsFinite(total))
            weights.Fill(1f); // the model gave the allowed tokens no mass: fall back to uniform over them
        // Temperature on log-probabilities, then softmax.
        TensorPrimitives.Max(weights, 1e-12f, weights);
        TensorPrimitives.Log(weights, weights);
        TensorPrimitives.Multiply(weights, 1f / _settings.Temperature, weights);
        TensorPrimitives.SoftMax(weights, weights);
        // Top-p: sort descending (negated keys ascending), keep the smallest prefix reaching TopP.
        TensorPrimitives.Negate(weights, weights);
        weights.Sort(ids);
        TensorPrimitives.Negate(weights, weights);
        int keep = 0;
        float cumulative = 0f;
        while (keep < count && (keep == 0 || cumulative < _settings.TopP))
            cumulative += weights[keep++];
        double u = random.NextDouble() * cumulative;
        double acc = 0;
        for (int i = 0; i < keep; i++)
        {
            acc += weights[i];
            if (u < acc) return ids[i];
        }
        return ids[keep - 1];
    }
}
