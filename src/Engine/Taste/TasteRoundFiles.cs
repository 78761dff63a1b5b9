using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Midi;

namespace AiCoPilot.Engine.Taste;

/// <summary>
/// The files of a simulated musician's run (`aicopilot taste --out FOLDER`): one folder per round (round-01, ...) with
/// the phrase played (phrase.mid), each take shown (take-1.mid ...) and the one picked (picked.mid), each starting at
/// a bar line at tick 0 in the phrase's meter, so the run's figure can be recomputed from the files alone
/// (<see cref="Recompute"/>).
/// </summary>
public static class TasteRoundFiles
{
    public const int TicksPerQuarter = 480;
    private const int TicksPerStep = TicksPerQuarter / 4;

    public static string RoundFolder(string folder, int round) => Path.Combine(folder, $"round-{round:D2}");

    /// <summary>Writes one round: the phrase's melody from <paramref name="phraseOrigin"/>, the takes (and the picked
    /// one again) from <paramref name="takesOrigin"/>, both bar lines on the context's grid.</summary>
    public static void WriteRound(string folder, int round, IReadOnlyList<GeneratedNote> phrase, int phraseOrigin, IReadOnlyList<Take> takes,
        int takesOrigin, int picked, int numerator, int denominator, double tempo)
    {
        string dir = RoundFolder(folder, round);
        Directory.CreateDirectory(dir);
        Song(phrase, phraseOrigin, numerator, denominator, tempo, "phrase").Save(Path.Combine(dir, "phrase.mid"));
        for (int t = 0; t < takes.Count; t++)
        {
            var song = Song(takes[t].Notes, takesOrigin, numerator, denominator, tempo, $"take {t + 1}");
            song.Save(Path.Combine(dir, $"take-{t + 1}.mid"));
            if (t == picked) song.Save(Path.Combine(dir, "picked.mid"));
        }
    }

    /// <summary>The melody of a .mid written here, on its grid (a bar line at tick 0, the file's meter).</summary>
    public static (List<GeneratedNote> Notes, TasteGrid Grid) Read(string path)
    {
        var song = MidiSong.Load(path);
        var meter = song.TimeSignatureAt(0);
        double perStep = song.TicksPerQuarter / 4.0;
        var notes = song.Tracks.SelectMany(t => t.Notes)
            .Select(n => new GeneratedNote((int)Math.Round(n.StartTick / perStep), n.Pitch, (int)Math.Round(n.LengthTicks / perStep), n.Velocity, false))
            .OrderBy(n => n.Step).ThenByDescending(n => n.Pitch).ToList();
        return (notes, TasteGrid.Of(0, meter.Numerator, meter.Denominator));
    }

    /// <summary>What the files of a run say: rounds, takes shown, takes that match the taste, picks that match.</summary>
    public sealed record Figures(int Rounds, int Takes, int Matching, int PickedMatching)
    {
        public double MatchShare => Takes == 0 ? double.NaN : (double)Matching / Takes;
    }

    /// <summary>Recomputes a run's taste match from its folder of rounds alone.</summary>
    public static Figures Recompute(string folder, HiddenTaste taste)
    {
        int rounds = 0, takes = 0, matching = 0, picked = 0;
        foreach (string dir in Directory.EnumerateDirectories(folder, "round-*").Order(StringComparer.Ordinal))
        {
            string phrasePath = Path.Combine(dir, "phrase.mid");
            if (!File.Exists(phrasePath)) continue;
            var (phrase, phraseGrid) = Read(phrasePath);
            double reference = TasteFeatures.Of(phrase, phraseGrid)[taste.Feature];
            rounds++;
            for (int t = 1; File.Exists(Path.Combine(dir, $"take-{t}.mid")); t++)
            {
                takes++;
                if (Matches(Path.Combine(dir, $"take-{t}.mid"), phrase, taste, reference)) matching++;
            }
            string pickedPath = Path.Combine(dir, "picked.mid");
            if (File.Exists(pickedPath) && Matches(pickedPath, phrase, taste, reference)) picked++;
        }
        return new Figures(rounds, takes, matching, picked);
    }

    /// <summary>How much each figure differs between takes shown together, over a run's rounds: the number of pairs and
    /// the mean absolute difference of each figure (what <see cref="TasteFeatures.Scale"/> is set from).</summary>
    public static (int Pairs, double[] MeanDifference) Spread(string folder)
    {
        var sums = new double[TasteFeatures.Count];
        int pairs = 0;
        foreach (string dir in Directory.EnumerateDirectories(folder, "round-*").Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(dir, "phrase.mid"))) continue;
            var (phrase, _) = Read(Path.Combine(dir, "phrase.mid"));
            var figures = new List<double[]>();
            for (int t = 1; File.Exists(Path.Combine(dir, $"take-{t}.mid")); t++)
            {
                var (notes, grid) = Read(Path.Combine(dir, $"take-{t}.mid"));
                figures.Add(TasteFeatures.Of(notes, grid, phrase));
            }
            for (int i = 0; i < figures.Count; i++)
                for (int j = i + 1; j < figures.Count; j++, pairs++)
                    for (int k = 0; k < TasteFeatures.Likelihood; k++) sums[k] += Math.Abs(figures[i][k] - figures[j][k]);
        }
        return (pairs, sums.Select(s => pairs == 0 ? double.NaN : s / pairs).ToArray());
    }

    private static bool Matches(string path, IReadOnlyList<GeneratedNote> phrase, HiddenTaste taste, double reference)
    {
        var (notes, grid) = Read(path);
        return taste.Matches(TasteFeatures.Of(notes, grid, phrase)[taste.Feature], reference);
    }

    private static MidiSong Song(IReadOnlyList<GeneratedNote> notes, int origin, int numerator, int denominator, double tempo, string name)
    {
        var song = new MidiSong(TicksPerQuarter);
        song.Tempos.Add(new TempoChange(0, (int)Math.Clamp(Math.Round(60_000_000 / tempo), 1, 0xFFFFFF)));
        song.TimeSignatures.Add(new TimeSignature(0, numerator, denominator));
        var track = new MidiTrack(name);
        foreach (var n in notes.Where(n => !n.FromChord).OrderBy(n => n.Step).ThenBy(n => n.Pitch))
            track.Notes.Add(new MidiNote(Math.Clamp(n.Pitch, 0, 127), Math.Clamp(n.Velocity, 1, 127), 0,
                Math.Max(0, (long)(n.Step - origin) * TicksPerStep), Math.Max(1, n.DurationSteps) * (long)TicksPerStep));
        song.Tracks.Add(track);
        return song;
    }
}
