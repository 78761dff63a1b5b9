using AiCoPilot.Engine.Music;

namespace AiCoPilot.Engine.Accompaniment;

/// <summary>
/// Voices chords with voice leading: of the ways to place the chord's tones (each once) within nine semitones of the
/// register's centre and an octave of each other, the one that moves least from the previous voicing (each new note's
/// distance to the nearest previous note), pulled gently toward the centre; the first chord is the closest to the
/// centre. Bass notes take the chord's root in the octave below the register.
/// </summary>
public static class ChordVoicer
{
    private const int Reach = 9;

    public static int Centre(AccompanimentRegister register) => register switch
    {
        AccompanimentRegister.Low => 48,
        AccompanimentRegister.High => 62,
        _ => 55,
    };

    /// <summary>The bass note of a chord: its root from 19 semitones under the register's centre upwards.</summary>
    public static int Bass(ChordSymbol chord, AccompanimentRegister register)
    {
        int low = Centre(register) - 19;
        return low + ((chord.Root - low) % 12 + 12) % 12;
    }

    public static int[] Voice(ChordSymbol chord, AccompanimentRegister register, ReadOnlySpan<int> previous)
    {
        int centre = Centre(register);
        var tones = chord.IntervalsAboveRoot.ToArray().Select(i => (chord.Root + i) % 12).ToArray();
        var options = tones.Select(pc => Enumerable.Range(centre - Reach, 2 * Reach + 1).Where(p => p % 12 == pc).ToArray()).ToArray();
        int[] best = Array.Empty<int>();
        double bestCost = double.PositiveInfinity;
        var current = new int[tones.Length];
        var prev = previous.ToArray();

        void Search(int tone)
        {
            if (tone == tones.Length)
            {
                int low = current.Min(), high = current.Max();
                if (high - low > 12) return;
                double cost = 0.25 * Math.Abs(current.Average() - centre);
                if (prev.Length > 0)
                    foreach (int p in current) cost += prev.Min(q => Math.Abs(p - q));
                // Close seconds low down sound muddy.
                var sorted = current.OrderBy(p => p).ToArray();
                for (int i = 1; i < sorted.Length; i++)
                    if (sorted[i] - sorted[i - 1] <= 2 && sorted[i - 1] < 52) cost += 3;
                if (cost < bestCost) { bestCost = cost; best = sorted; }
                return;
            }
            foreach (int pitch in options[tone])
            {
                current[tone] = pitch;
                Search(tone + 1);
            }
        }

        Search(0);
        return best.Length > 0 ? best : chord.Voicing(centre - 7);
    }
}
