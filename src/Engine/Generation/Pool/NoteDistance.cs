namespace AiCoPilot.Engine.Generation.Pool;

/// <summary>
/// How different two continuations sound: an edit distance between their melodies over the longer one's length, 0 =
/// the same line, 1 = nothing in common. A melody is read as its moves: each note after the first as (onset from the
/// first note, interval from the note before), so a transposed copy is the same line. A move that keeps its onset or
/// its interval but not both costs half. Durations, velocities and chord tones are ignored: a musician hears a take
/// with the same line at other lengths as the same idea.
/// </summary>
public static class NoteDistance
{
    /// <summary>The normalized edit distance between the melodies (top note per onset) of <paramref name="a"/> and
    /// <paramref name="b"/>.</summary>
    public static double Between(IReadOnlyList<GeneratedNote> a, IReadOnlyList<GeneratedNote> b)
    {
        var x = Moves(a);
        var y = Moves(b);
        if (x.Length == 0 || y.Length == 0)
            return x.Length == y.Length ? (a.Count == 0) == (b.Count == 0) ? 0 : 1 : 1;
        return Normalized(x, y, SubstitutionCost);
    }

    /// <summary>The edit distance between two non-empty sequences (insertions and deletions cost 1, a substitution what
    /// <paramref name="substitution"/> says) over the longer one's length.</summary>
    public static double Normalized<T>(IReadOnlyList<T> x, IReadOnlyList<T> y, Func<T, T, double> substitution)
    {
        // Two rows of the edit-distance table are enough.
        var previous = new double[y.Count + 1];
        var current = new double[y.Count + 1];
        for (int j = 0; j <= y.Count; j++) previous[j] = j;
        for (int i = 1; i <= x.Count; i++)
        {
            current[0] = i;
            for (int j = 1; j <= y.Count; j++)
            {
                double substitute = previous[j - 1] + substitution(x[i - 1], y[j - 1]);
                current[j] = Math.Min(substitute, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[y.Count] / Math.Max(x.Count, y.Count);
    }

    private static double SubstitutionCost((int Onset, int Interval) a, (int Onset, int Interval) b) =>
        (a.Onset == b.Onset ? 0 : 0.5) + (a.Interval == b.Interval ? 0 : 0.5);

    // The highest pitch at each onset is the line a listener follows; its moves are what make it that line.
    private static (int Onset, int Interval)[] Moves(IReadOnlyList<GeneratedNote> notes)
    {
        if (notes.Count == 0) return [];
        int first = int.MaxValue;
        foreach (var note in notes) first = Math.Min(first, note.Step);
        var top = new SortedDictionary<int, int>();
        foreach (var note in notes)
        {
            int onset = note.Step - first;
            top[onset] = top.TryGetValue(onset, out int pitch) ? Math.Max(pitch, note.Pitch) : note.Pitch;
        }
        var line = top.ToArray();
        var moves = new (int, int)[line.Length - 1];
        for (int i = 1; i < line.Length; i++) moves[i - 1] = (line[i].Key, line[i].Value - line[i - 1].Value);
        return moves;
    }
}
