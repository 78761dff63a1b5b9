namespace AiCoPilot.Engine.Music;

/// <summary>A chord as root pitch class (0 = C) and quality.</summary>
public readonly record struct ChordSymbol
{
    public const int QualityCount = 11;
    private static readonly string[] RootNames = { "C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B" };
    private static readonly string[] QualityNames = { "", "m", "dim", "aug", "7", "maj7", "m7", "m7b5", "dim7", "sus4", "sus2" };

    // Intervals above the root, per quality (same order as ChordQuality).
    private static readonly int[][] Intervals =
    {
        new[] { 0, 4, 7 }, new[] { 0, 3, 7 }, new[] { 0, 3, 6 }, new[] { 0, 4, 8 }, new[] { 0, 4, 7, 10 },
        new[] { 0, 4, 7, 11 }, new[] { 0, 3, 7, 10 }, new[] { 0, 3, 6, 10 }, new[] { 0, 3, 6, 9 }, new[] { 0, 5, 7 }, new[] { 0, 2, 7 },
    };

    public ChordSymbol(int root, ChordQuality quality)
    {
        if ((uint)root > 11) throw new ArgumentOutOfRangeException(nameof(root), root, "pitch class 0..11");
        if ((uint)quality >= QualityCount) throw new ArgumentOutOfRangeException(nameof(quality));
        Root = root;
        Quality = quality;
    }

    public int Root { get; }
    public ChordQuality Quality { get; }

    /// <summary>Dense index 0..131, root-major: used by the token vocabulary.</summary>
    public int Index => Root * QualityCount + (int)Quality;
    public static ChordSymbol FromIndex(int index) => new(index / QualityCount, (ChordQuality)(index % QualityCount));

    public ReadOnlySpan<int> IntervalsAboveRoot => Intervals[(int)Quality];

    /// <summary>Bit mask of the chord's pitch classes (bit 0 = C).</summary>
    public int PitchClassMask
    {
        get
        {
            int mask = 0;
            foreach (int i in Intervals[(int)Quality]) mask |= 1 << ((Root + i) % 12);
            return mask;
        }
    }

    public bool Contains(int pitch) => (PitchClassMask & (1 << (pitch % 12))) != 0;

    public ChordSymbol Transpose(int semitones) => new(((Root + semitones) % 12 + 12) % 12, Quality);

    /// <summary>Close-position voicing with the root in the octave from <paramref name="lowestRoot"/> up.</summary>
    public int[] Voicing(int lowestRoot = 48)
    {
        int root = lowestRoot + ((Root - lowestRoot) % 12 + 12) % 12;
        return Intervals[(int)Quality].Select(i => root + i).ToArray();
    }

    public override string ToString() => RootNames[Root] + QualityNames[(int)Quality];

    /// <summary>
    /// Parses a Harte-style label as POP909 writes it ("C:maj", "Bb:min7/b3", "F#:sus4(b7)"). Extensions map to the
    /// nearest quality of the vocabulary (maj6 -> maj, min6 -> min, minmaj7 -> min, sus4(b7) -> 7, 9 -> 7).
    /// Returns false for "N" (no chord) and for labels it cannot read.
    /// </summary>
    public static bool TryParseHarte(string label, out ChordSymbol chord)
    {
        chord = default;
        int colon = label.IndexOf(':');
        if (colon <= 0) return false;
        int root = ParseRoot(label.AsSpan(0, colon));
        if (root < 0) return false;
        string rest = label[(colon + 1)..];
        int slash = rest.IndexOf('/');
        if (slash >= 0) rest = rest[..slash];
        ChordQuality? quality = rest switch
        {
            "maj" or "maj6" or "" => ChordQuality.Major,
            "min" or "min6" or "minmaj7" => ChordQuality.Minor,
            "dim" => ChordQuality.Diminished,
            "aug" => ChordQuality.Augmented,
            "7" or "9" or "11" or "13" or "sus4(b7)" or "7(b9)" or "7(#9)" => ChordQuality.Dominant7,
            "maj7" or "maj9" => ChordQuality.Major7,
            "min7" or "min9" or "min11" => ChordQuality.Minor7,
            "hdim7" => ChordQuality.HalfDiminished7,
            "dim7" => ChordQuality.Diminished7,
            "sus4" => ChordQuality.Suspended4,
            "sus2" => ChordQuality.Suspended2,
            _ => null,
        };
        if (quality is null) return false;
        chord = new ChordSymbol(root, quality.Value);
        return true;
    }

    private static int ParseRoot(ReadOnlySpan<char> text)
    {
        if (text.Length == 0) return -1;
        int pc = char.ToUpperInvariant(text[0]) switch
        {
            'C' => 0, 'D' => 2, 'E' => 4, 'F' => 5, 'G' => 7, 'A' => 9, 'B' => 11, _ => -100,
        };
        if (pc < 0) return -1;
        foreach (char c in text[1..])
        {
            if (c == '#') pc++;
            else if (c == 'b') pc--;
            else return -1;
        }
        return (pc % 12 + 12) % 12;
    }
}
