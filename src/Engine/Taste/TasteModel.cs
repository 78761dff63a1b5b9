using System.Buffers.Binary;
using System.Text;

namespace AiCoPilot.Engine.Taste;

/// <summary>
/// The musician's taste: a small preference model over what makes takes differ (<see cref="TasteFeatures"/>), learned
/// online from comparisons ("this take over that one"). A Bradley-Terry model, logistic on the difference of the
/// two takes' figures (each divided by its typical difference), with a Gaussian belief over each weight (mean and
/// variance, diagonal): the prior is no preference (mean 0, variance 1), each comparison is one Newton step on its
/// log-likelihood (its size set by what the model still does not know: the variance shrinks with the evidence, a
/// surprising choice moves it more than an expected one), and a little variance is added back before each step so
/// an old taste can change. Not thread-safe: its owner (the style store) guards it.
/// </summary>
public sealed class TasteModel
{
    /// <summary>The prior's variance of each weight: before any comparison, a difference of one typical unit is not
    /// expected to sway the musician more than about 3 to 1.</summary>
    public const double PriorVariance = 1.0;
    /// <summary>Variance given back before each comparison (up to the prior's): tastes drift over a hundred or so.</summary>
    public const double Drift = 0.01;
    /// <summary>Differences are clipped to this many typical units: one odd take does not decide the taste.</summary>
    public const double MaxDifference = 3;
    /// <summary>A weight is named in <see cref="Describe"/> when its mean is at least this...</summary>
    public const double DescribedWeight = 0.25;
    /// <summary>...and this many standard deviations away from no preference.</summary>
    public const double DescribedCertainty = 1.0;

    private readonly double[] _mean = new double[TasteFeatures.Count];
    private readonly double[] _variance = new double[TasteFeatures.Count];

    public TasteModel() => Reset();

    /// <summary>Comparisons learned (0: nothing learned yet, the choice of takes is as without a taste).</summary>
    public int Comparisons { get; private set; }
    /// <summary>Takes the musician kept (accepted, dragged out, exported).</summary>
    public int Kept { get; private set; }
    public bool IsEmpty => Comparisons == 0;

    /// <summary>The mean weight of each figure (per typical difference): positive, more of it is liked.</summary>
    public IReadOnlyList<double> Means => _mean;
    public IReadOnlyList<double> Variances => _variance;

    /// <summary>Forgets everything: no preference.</summary>
    public void Reset()
    {
        Array.Fill(_mean, 0.0);
        Array.Fill(_variance, PriorVariance);
        Comparisons = 0;
        Kept = 0;
    }

    public TasteModel Clone()
    {
        var copy = new TasteModel { Comparisons = Comparisons, Kept = Kept };
        _mean.CopyTo(copy._mean, 0);
        _variance.CopyTo(copy._variance, 0);
        return copy;
    }

    /// <summary>Counts a kept take (the comparisons it brings are learned with <see cref="Prefer"/>).</summary>
    public void CountKept() => Kept++;

    /// <summary>Learns that a take with figures <paramref name="winner"/> was preferred over one with
    /// <paramref name="loser"/>, with <paramref name="weight"/> (0-1: how sure the gesture is). Returns the probability
    /// the model gave that choice before learning it (NaN when the two do not differ in anything it knows).</summary>
    public double Prefer(IReadOnlyList<double> winner, IReadOnlyList<double> loser, double weight = 1)
    {
        Span<double> x = stackalloc double[TasteFeatures.Count];
        if (!Difference(winner, loser, x) || !(weight > 0)) return double.NaN;
        weight = Math.Min(1, weight);
        double margin = 0, spread = 0;
        for (int k = 0; k < x.Length; k++)
        {
            _variance[k] = Math.Min(PriorVariance, _variance[k] + Drift);
            margin += _mean[k] * x[k];
            spread += _variance[k] * x[k] * x[k];
        }
        // The predicted chance of this choice, the weights' uncertainty included (the probit approximation).
        double p = Logistic(margin / Math.Sqrt(1 + Math.PI * spread / 8));
        double curvature = p * (1 - p);
        // One Newton step on this comparison's log-likelihood under the Gaussian belief (Sherman-Morrison on the
        // diagonal): the step is large while the variance is, and shrinks as comparisons accumulate.
        double step = weight * (1 - p) / (1 + weight * curvature * spread);
        for (int k = 0; k < x.Length; k++)
        {
            _mean[k] += _variance[k] * x[k] * step;
            _variance[k] = 1 / (1 / _variance[k] + weight * curvature * x[k] * x[k]);
        }
        Comparisons++;
        return p;
    }

    /// <summary>The chance the model gives a take with figures <paramref name="a"/> being preferred over one with
    /// <paramref name="b"/> (0.5 knowing nothing).</summary>
    public double Chance(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        Span<double> x = stackalloc double[TasteFeatures.Count];
        if (!Difference(a, b, x)) return 0.5;
        double margin = 0, spread = 0;
        for (int k = 0; k < x.Length; k++)
        {
            margin += _mean[k] * x[k];
            spread += _variance[k] * x[k] * x[k];
        }
        return Logistic(margin / Math.Sqrt(1 + Math.PI * spread / 8));
    }

    /// <summary>How much the taste likes a take with these figures (only differences between takes mean anything).</summary>
    public double Score(IReadOnlyList<double> features)
    {
        double score = 0;
        for (int k = 0; k < TasteFeatures.Count; k++)
            if (double.IsFinite(features[k])) score += _mean[k] * features[k] / TasteFeatures.Scale[k];
        return score;
    }

    /// <summary>What it has learned in words, strongest first (at most <paramref name="most"/>): "syncopated, stepwise,
    /// higher"; "" while nothing is certain enough.</summary>
    public string Describe(int most = 3)
    {
        var named = Enumerable.Range(0, TasteFeatures.Count)
            .Where(k => Math.Abs(_mean[k]) >= DescribedWeight && Math.Abs(_mean[k]) >= DescribedCertainty * Math.Sqrt(_variance[k]))
            .OrderByDescending(k => Math.Abs(_mean[k]))
            .Take(most)
            .Select(k => TasteFeatures.Words[k][_mean[k] > 0 ? 0 : 1]);
        return string.Join(", ", named);
    }

    // The standardized, clipped difference a - b; false when nothing differs.
    private static bool Difference(IReadOnlyList<double> a, IReadOnlyList<double> b, Span<double> x)
    {
        bool any = false;
        for (int k = 0; k < x.Length; k++)
        {
            double d = (a[k] - b[k]) / TasteFeatures.Scale[k];
            x[k] = double.IsFinite(d) ? Math.Clamp(d, -MaxDifference, MaxDifference) : 0;
            any |= x[k] != 0;
        }
        return any;
    }

    private static double Logistic(double z) => 1 / (1 + Math.Exp(-z));

    // ---- Bytes: the per-user taste file and the project's taste section ----

    private static ReadOnlySpan<byte> Magic => "AITS"u8;
    /// <summary>The version this build writes and reads.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>"AITS", version, the figures' count, comparisons and kept takes, then each figure by name with its mean
    /// and variance, then an FNV-1a checksum of all that: a figure is found by its name, so a later build may add some.</summary>
    public byte[] ToBytes()
    {
        var names = TasteFeatures.Names.Select(Encoding.ASCII.GetBytes).ToArray();
        int length = 4 + 2 + 2 + 4 + 4 + names.Sum(n => 1 + n.Length + 16) + 4;
        var bytes = new byte[length];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)names.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], Comparisons);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], Kept);
        int at = 16;
        for (int k = 0; k < names.Length; k++)
        {
            span[at++] = (byte)names[k].Length;
            names[k].CopyTo(span[at..]);
            at += names[k].Length;
            BinaryPrimitives.WriteDoubleLittleEndian(span[at..], _mean[k]);
            BinaryPrimitives.WriteDoubleLittleEndian(span[(at + 8)..], _variance[k]);
            at += 16;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], Checksum(span[..at]));
        return bytes;
    }

    /// <summary>Reads a taste; anything else (another kind of file, another version, damage) throws
    /// <see cref="TasteFormatException"/> saying which.</summary>
    public static TasteModel FromBytes(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || !data[..4].SequenceEqual(Magic))
            throw new TasteFormatException("not a taste file (it does not start with AITS)");
        if (data.Length < 20) throw new TasteFormatException("damaged: too short");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
        if (version != FormatVersion) throw new TasteFormatException($"taste version {version} (this build reads version {FormatVersion})");
        if (BinaryPrimitives.ReadUInt32LittleEndian(data[^4..]) != Checksum(data[..^4]))
            throw new TasteFormatException("damaged: its checksum does not match");
        int count = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
        var taste = new TasteModel
        {
            Comparisons = BinaryPrimitives.ReadInt32LittleEndian(data[8..]),
            Kept = BinaryPrimitives.ReadInt32LittleEndian(data[12..]),
        };
        if (taste.Comparisons < 0 || taste.Kept < 0) throw new TasteFormatException("damaged: negative counts");
        int at = 16, end = data.Length - 4;
        for (int i = 0; i < count; i++)
        {
            if (at >= end) throw new TasteFormatException("damaged: it ends inside its figures");
            int nameLength = data[at++];
            if (at + nameLength + 16 > end) throw new TasteFormatException("damaged: it ends inside its figures");
            string name = Encoding.ASCII.GetString(data.Slice(at, nameLength));
            at += nameLength;
            double mean = BinaryPrimitives.ReadDoubleLittleEndian(data[at..]), variance = BinaryPrimitives.ReadDoubleLittleEndian(data[(at + 8)..]);
            at += 16;
            if (!double.IsFinite(mean) || !(variance > 0 && variance <= PriorVariance))
                throw new TasteFormatException($"damaged: the weight of {name} is out of range");
            int k = TasteFeatures.IndexOf(name);
            if (k < 0) continue;  // a figure of a later build: not known here
            taste._mean[k] = mean;
            taste._variance[k] = variance;
        }
        if (at != end) throw new TasteFormatException("damaged: bytes after its figures");
        return taste;
    }

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        uint hash = 2166136261;
        foreach (byte b in data) hash = (hash ^ b) * 16777619;
        return hash;
    }
}
