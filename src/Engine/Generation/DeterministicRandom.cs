namespace AiCoPilot.Engine.Generation;

/// <summary>
/// SplitMix64: a tiny, fast generator whose sequence is fixed by its seed on every platform and .NET version, so the
/// same seed and input always give the same continuation. A struct: no allocation.
/// </summary>
public struct DeterministicRandom
{
    private ulong _state;

    public DeterministicRandom(ulong seed) { _state = seed; }

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A seed for the i-th of several independent streams derived from one seed.</summary>
    public static ulong Derive(ulong seed, int stream)
    {
        var r = new DeterministicRandom(seed ^ (0xD1B54A32D192ED03UL * (ulong)(stream + 1)));
        return r.NextUInt64();
    }
}
