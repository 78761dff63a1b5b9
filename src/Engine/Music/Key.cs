namespace AiCoPilot.Engine.Music;

/// <summary>A major or (natural) minor key: tonic pitch class and mode.</summary>
public readonly record struct Key
{
    private static readonly string[] Names = { "C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B" };
    private static readonly int[] MajorSteps = { 0, 2, 4, 5, 7, 9, 11 };
    private static readonly int[] MinorSteps = { 0, 2, 3, 5, 7, 8, 10 };

    public Key(int tonic, bool isMinor)
    {
        if ((uint)tonic > 11) throw new ArgumentOutOfRangeException(nameof(tonic));
        Tonic = tonic;
        IsMinor = isMinor;
    }

    public int Tonic { get; }
    public bool IsMinor { get; }

    /// <summary>The seven diatonic pitch classes as a bit mask (bit 0 = C). Minor means natural minor.</summary>
    public int ScaleMask
    {
        get
        {
            int mask = 0;
            foreach (int s in IsMinor ? MinorSteps : MajorSteps) mask |= 1 << ((Tonic + s) % 12);
            return mask;
        }
    }

    public bool Contains(int pitch) => (ScaleMask & (1 << (((pitch % 12) + 12) % 12))) != 0;

    /// <summary>True when every tone of the chord is in the scale.</summary>
    public bool Contains(ChordSymbol chord) => (chord.PitchClassMask & ~ScaleMask) == 0;

    public override string ToString() => Names[Tonic] + (IsMinor ? " minor" : " major");
}
