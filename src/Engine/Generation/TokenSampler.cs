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
        float overflow = Overflow(probabilities, decoder);
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
            // The melody is one line: a note is never stacked on the note just placed.
            if (kind == TokenKind.Pitch && decoder.AfterNote) continue;
            if (guard is not null && melody is not null && kind == TokenKind.Pitch && melody.WouldCopy(guard, onset, TokenVocabulary.PitchOf(id)))
            {
                GuardMasks++;
                continue;
            }
            float w = probabilities[id];
            if (kind == TokenKind.Position)
                w *= MathF.Exp(slope * (TokenVocabulary.StepOfPosition(id) - Math.Max(lastStep, 0)) / 4f);
            else if (kind == TokenKind.Bar)
                w = (w + overflow) * MathF.Exp(slope * (decoder.BarLengthSteps - Math.Max(lastStep, 0)) / 4f);
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

    /// <summary>
    /// The model's probability of a position at or past the end of the bar the decoder is in: music the model expects
    /// after this bar, which a BAR carries over to the next one. A model may expect the music to go on past a short bar's end (at 1/4 it reads a bar as a beat of a
    /// longer one); those positions do not exist in this meter, and the music they stand for is in the next bar. Left
    /// out, their mass went to what the grammar still allowed at the bar's last step, a second note at the same
    /// position, and answers piled notes there.
    /// </summary>
    public static float Overflow(ReadOnlySpan<float> probabilities, in TokenStreamDecoder decoder)
    {
        if (!decoder.Allows(TokenVocabulary.Bar)) return 0f;
        float mass = 0f;
        for (int step = decoder.BarLengthSteps; step < TokenVocabulary.PositionCount; step++)
            mass += probabilities[TokenVocabulary.PositionBase + step];
        return mass;
    }

    /// <summary>The model's probability of a token as sampled: a BAR carries the mass of the positions past the bar's
    /// end (<see cref="Overflow"/>).</summary>
    public static float ModelProbability(ReadOnlySpan<float> probabilities, in TokenStreamDecoder decoder, int token) =>
        token == TokenVocabulary.Bar ? probabilities[token] + Overflow(probabilities, decoder) : probabilities[token];
}
