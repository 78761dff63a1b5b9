using System.Text;
using AiCoPilot.Engine.Music;

namespace AiCoPilot.Engine.Tokens;

/// <summary>
/// The one token vocabulary of AiCoPilot (spec version <see cref="SpecVersion"/>): a REMI-like event vocabulary on a
/// sixteenth-note grid. Id ranges are contiguous per kind, so transposing a pitch or chord token is arithmetic.
/// Changing anything here changes <see cref="Hash"/>, which models and saved style data are checked against.
/// </summary>
public static class TokenVocabulary
{
    public const int SpecVersion = 1;
    public const int StepsPerQuarter = 4;
    public const int MaxBarSteps = 48;           // up to 12/4 or 24/8
    public const int VelocityBuckets = 8;

    public const int Pad = 0, Bos = 1, Eos = 2, Bar = 3;
    public const int MeterBase = 4;              // 12 x n/4 then 12 x n/8 (n = 1..12)
    public const int MeterCount = 24;
    public const int PositionBase = MeterBase + MeterCount;   // 28
    public const int PositionCount = MaxBarSteps;
    public const int PitchBase = PositionBase + PositionCount; // 76
    public const int PitchCount = 128;
    public const int DurationBase = PitchBase + PitchCount;    // 204
    public const int VelocityBase = DurationBase + 24;          // 228
    public const int ChordBase = VelocityBase + VelocityBuckets; // 236
    public const int ChordCount = 12 * ChordSymbol.QualityCount; // 132
    public const int Size = ChordBase + ChordCount;             // 368

    /// <summary>Durations in sixteenth steps that have a token, ascending.</summary>
    public static ReadOnlySpan<int> DurationSteps => new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20, 24, 28, 32, 40, 48, 64 };
    public static int DurationCount => DurationSteps.Length;

    public static TokenKind KindOf(int id) => id switch
    {
        Pad => TokenKind.Pad,
        Bos => TokenKind.Bos,
        Eos => TokenKind.Eos,
        Bar => TokenKind.Bar,
        < PositionBase when id >= MeterBase => TokenKind.Meter,
        < PitchBase when id >= PositionBase => TokenKind.Position,
        < DurationBase when id >= PitchBase => TokenKind.Pitch,
        < VelocityBase when id >= DurationBase => TokenKind.Duration,
        < ChordBase when id >= VelocityBase => TokenKind.Velocity,
        < Size when id >= ChordBase => TokenKind.Chord,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, $"token ids are 0..{Size - 1}"),
    };

    public static int Position(int step) => (uint)step < PositionCount ? PositionBase + step : throw new ArgumentOutOfRangeException(nameof(step));
    public static int Pitch(int pitch) => (uint)pitch < PitchCount ? PitchBase + pitch : throw new ArgumentOutOfRangeException(nameof(pitch));
    public static int Chord(ChordSymbol chord) => ChordBase + chord.Index;
    public static int Velocity(int velocity) => VelocityBase + VelocityBucket(velocity);

    public static int VelocityBucket(int velocity) => Math.Clamp((velocity - 1) / 16, 0, VelocityBuckets - 1);
    public static int VelocityOfBucket(int bucket) => bucket * 16 + 8;

    /// <summary>Token of the representable duration nearest to <paramref name="steps"/> (ties go to the shorter).</summary>
    public static int Duration(int steps) => DurationBase + NearestDurationIndex(steps);
    public static int QuantizeDuration(int steps) => DurationSteps[NearestDurationIndex(steps)];

    private static int NearestDurationIndex(int steps)
    {
        var table = DurationSteps;
        int best = 0;
        for (int i = 1; i < table.Length; i++)
            if (Math.Abs(table[i] - steps) < Math.Abs(table[best] - steps)) best = i;
        return best;
    }

    public static int StepsOfDuration(int id) => DurationSteps[id - DurationBase];
    public static int StepOfPosition(int id) => id - PositionBase;
    public static int PitchOf(int id) => id - PitchBase;
    public static ChordSymbol ChordOf(int id) => ChordSymbol.FromIndex(id - ChordBase);

    /// <summary>
    /// The meter a time signature is written as in tokens: n/4 (n = 1..12) or n/8 (n = 1..12). Eighth-based and
    /// finer signatures keep an eighth feel while they fit in 12 eighths; longer bars become n/4, rounded up.
    /// </summary>
    public static (int Numerator, int Denominator) CanonicalMeter(int numerator, int denominator)
    {
        if (denominator >= 8)
        {
            int eighths = Math.Max(1, (numerator * 8 + denominator - 1) / denominator);
            if (eighths <= 12) return (eighths, 8);
            return (Math.Min(12, (eighths + 1) / 2), 4);
        }
        int quarters = Math.Max(1, numerator * 4 / denominator);
        return (Math.Min(12, quarters), 4);
    }

    public static int Meter(int numerator, int denominator)
    {
        var (n, d) = CanonicalMeter(numerator, denominator);
        return d == 4 ? MeterBase + n - 1 : MeterBase + 12 + n - 1;
    }

    /// <summary>Bar length in sixteenths of a time signature, after <see cref="CanonicalMeter"/>.</summary>
    public static int BarSteps(int numerator, int denominator)
    {
        var (n, d) = CanonicalMeter(numerator, denominator);
        return n * 16 / d;
    }

    /// <summary>The (numerator, denominator) a meter token stands for.</summary>
    public static (int Numerator, int Denominator) MeterOf(int id)
    {
        int i = id - MeterBase;
        return i < 12 ? (i + 1, 4) : (i - 11, 8);
    }

    public static int StepsOfMeter(int id)
    {
        var (n, d) = MeterOf(id);
        return n * 16 / d;
    }

    /// <summary>Shifts a pitch or chord token by semitones; returns -1 when a pitch leaves 0..127. Other tokens are unchanged.</summary>
    public static int Transpose(int id, int semitones) => KindOf(id) switch
    {
        TokenKind.Pitch => (uint)(PitchOf(id) + semitones) < 128 ? id + semitones : -1,
        TokenKind.Chord => Chord(ChordOf(id).Transpose(semitones)),
        _ => id,
    };

    public static string Name(int id) => KindOf(id) switch
    {
        TokenKind.Pad => "PAD",
        TokenKind.Bos => "BOS",
        TokenKind.Eos => "EOS",
        TokenKind.Bar => "BAR",
        TokenKind.Meter => $"METER_{MeterOf(id).Numerator}/{MeterOf(id).Denominator}",
        TokenKind.Position => $"POS_{StepOfPosition(id)}",
        TokenKind.Pitch => $"PITCH_{PitchOf(id)}",
        TokenKind.Duration => $"DUR_{StepsOfDuration(id)}",
        TokenKind.Velocity => $"VEL_{id - VelocityBase}",
        TokenKind.Chord => $"CHORD_{ChordOf(id)}",
        _ => "?",
    };

    /// <summary>SHA-256 (first 16 hex digits) of the spec version and every token name in id order.</summary>
    public static string Hash { get; } = ComputeHash();

    private static string ComputeHash()
    {
        var text = new StringBuilder($"aicopilot-tokens-v{SpecVersion}\n");
        for (int id = 0; id < Size; id++) text.Append(Name(id)).Append('\n');
        byte[] digest = Sha256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexString(digest, 0, 8).ToLowerInvariant();
    }
}
