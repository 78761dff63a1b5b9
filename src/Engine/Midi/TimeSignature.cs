namespace AiCoPilot.Engine.Midi;

/// <summary>A time signature from a tick on. Denominator is a power of two (1..64).</summary>
public readonly record struct TimeSignature
{
    public TimeSignature(long tick, int numerator, int denominator)
    {
        if (tick < 0) throw new ArgumentOutOfRangeException(nameof(tick));
        if (numerator is < 1 or > 255) throw new ArgumentOutOfRangeException(nameof(numerator), numerator, "1..255");
        if (denominator is < 1 or > 64 || (denominator & (denominator - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "a power of two, 1..64");
        Tick = tick; Numerator = numerator; Denominator = denominator;
    }

    public long Tick { get; }
    public int Numerator { get; }
    public int Denominator { get; }

    /// <summary>Bar length in quarter notes, e.g. 6/8 is 3.</summary>
    public double QuartersPerBar => Numerator * 4.0 / Denominator;

    public override string ToString() => $"{Numerator}/{Denominator}";
}
