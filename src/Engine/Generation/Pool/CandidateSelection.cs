namespace AiCoPilot.Engine.Generation.Pool;

/// <summary>A generated take and how likely the model found it: mean log probability per token (natural log).</summary>
public sealed record Candidate(Take Take, double MeanLogProbability);

/// <summary>
/// Chooses the takes a musician is shown from a larger pool: only candidates the model found likely enough (within
/// <see cref="LikelihoodBand"/> nats per token of the most likely one), not an echo of the phrase just played, and
/// as different from each other as possible (farthest-first on <see cref="NoteDistance"/>, starting from the most
/// likely). With the musician's taste (<see cref="ITakePreference"/>), each take after the first is the one the taste
/// likes best among those within <see cref="DistanceBand"/> of the farthest: still good and different, and the first
/// take (the streamed one, or the most likely) never follows the taste, so one take shown always explores.
/// Pure: the same pool (and taste) gives the same choice.
/// </summary>
public sealed class CandidateSelection
{
    /// <summary>Nats per token below the most likely candidate that a candidate may be and still be shown.</summary>
    public double LikelihoodBand { get; init; } = 0.5;

    /// <summary>A candidate nearer than this to the player's phrase is an echo of it, shown only if nothing else is left.</summary>
    public double EchoDistance { get; init; } = 0.25;

    /// <summary>With a taste, a take after the first is chosen among the candidates whose distance to the takes chosen
    /// so far is within this of the farthest one's (farthest-first keeps its say: no near copy gets in for taste).</summary>
    public double DistanceBand { get; init; } = 0.1;

    /// <summary>Up to <paramref name="count"/> candidates, the first the most likely that passes (or
    /// <paramref name="first"/>, when one is already decided: the take that streamed), each next the one farthest from
    /// those chosen so far.</summary>
    /// <param name="echoes">Also set aside (as an echo of the phrase is) when this says so: 8 consecutive notes of the
    /// phrase, or a line that strays from its register.</param>
    /// <param name="fill">When fewer than <paramref name="count"/> pass, the rest of the pool makes up the number (the
    /// ones that are no echo first, farthest-first as well): a musician who asked for 3 takes gets 3.</param>
    /// <param name="taste">What the musician likes (null: farthest-first alone): it chooses each take after the first
    /// among the candidates about as far as the farthest.</param>
    public IReadOnlyList<Candidate> Choose(IReadOnlyList<Candidate> pool, int count, IReadOnlyList<GeneratedNote> phrase, Candidate? first = null,
        Func<Take, bool>? echoes = null, bool fill = false, ITakePreference? taste = null)
    {
        if (count <= 0 || pool.Count == 0) return [];
        var scored = pool.Where(c => double.IsFinite(c.MeanLogProbability) && !ReferenceEquals(c, first)).ToList();
        if (scored.Count == 0) return first is null ? [] : [first];
        double best = scored.Max(c => c.MeanLogProbability);
        if (first is not null && double.IsFinite(first.MeanLogProbability)) best = Math.Max(best, first.MeanLogProbability);
        var likely = scored.Where(c => c.MeanLogProbability >= best - LikelihoodBand).ToList();
        if (likely.Count == 0)  // nothing else near the first's likelihood: the best of the rest
        {
            double rest = scored.Max(c => c.MeanLogProbability);
            likely = scored.Where(c => c.MeanLogProbability >= rest - LikelihoodBand).ToList();
        }
        bool IsEcho(Candidate c) => NoteDistance.Between(c.Take.Notes, phrase) < EchoDistance || echoes?.Invoke(c.Take) == true;
        var fresh = likely.Where(c => !IsEcho(c)).ToList();
        var open = fresh.Count > 0 ? fresh : likely;
        open.Sort((a, b) => b.MeanLogProbability.CompareTo(a.MeanLogProbability));

        var chosen = new List<Candidate>();
        if (first is not null) chosen.Add(first);
        else { chosen.Add(open[0]); open.RemoveAt(0); }
        FarthestFirst(chosen, open, count, taste);
        if (fill && chosen.Count < count)
        {
            // Too few passed: the rest of the pool makes up the number, still farthest-first (no echo before an echo).
            var rest = scored.Except(chosen).ToList();
            FarthestFirst(chosen, rest.Where(c => !IsEcho(c)).ToList(), count);
            FarthestFirst(chosen, rest.Where(IsEcho).ToList(), count);
        }
        return chosen;
    }

    // Adds from open, each time the candidate farthest from its nearest chosen one (with a taste: the one it likes
    // best among those within the distance band of the farthest), until count are chosen.
    private void FarthestFirst(List<Candidate> chosen, List<Candidate> open, int count, ITakePreference? taste = null)
    {
        var nearest = open.Select(c => chosen.Min(x => NoteDistance.Between(c.Take.Notes, x.Take.Notes))).ToList();
        var scores = taste is null ? null : open.Select(c => taste.Score(c.Take)).ToList();
        while (chosen.Count < count && open.Count > 0)
        {
            int farthest = 0;
            for (int i = 1; i < open.Count; i++) if (nearest[i] > nearest[farthest]) farthest = i;
            if (scores is not null)
            {
                double floor = nearest[farthest] - DistanceBand;
                int liked = farthest;
                for (int i = 0; i < open.Count; i++)
                    if (nearest[i] >= floor && (scores[i] > scores[liked] || (scores[i] == scores[liked] && nearest[i] > nearest[liked]))) liked = i;
                farthest = liked;
                scores.RemoveAt(farthest);
            }
            var next = open[farthest];
            chosen.Add(next);
            open.RemoveAt(farthest);
            nearest.RemoveAt(farthest);
            for (int i = 0; i < open.Count; i++) nearest[i] = Math.Min(nearest[i], NoteDistance.Between(open[i].Take.Notes, next.Take.Notes));
        }
    }

    /// <summary>The smallest and the mean distance between the chosen takes (1 and 1 for fewer than two).</summary>
    public static (double Min, double Mean) Spread(IReadOnlyList<Candidate> chosen)
    {
        double min = 1, sum = 0;
        int pairs = 0;
        for (int i = 0; i < chosen.Count; i++)
            for (int j = i + 1; j < chosen.Count; j++)
            {
                double d = NoteDistance.Between(chosen[i].Take.Notes, chosen[j].Take.Notes);
                min = Math.Min(min, d);
                sum += d;
                pairs++;
            }
        return pairs == 0 ? (1, 1) : (min, sum / pairs);
    }
}
