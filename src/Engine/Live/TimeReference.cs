namespace AiCoPilot.Engine.Live;

/// <summary>
/// Maps wall-clock time to musical time between the audio thread's per-block clock records, so the engine notices a
/// phrase end within a millisecond of when it is heard, whatever the host's block size. Extrapolation is capped at one
/// beat past the last record, so a host that stalls (or runs faster than real time) is never overtaken by much.
/// </summary>
public sealed class TimeReference
{
    private double _ppq;
    private double _tempo = 120;
    private long _nanos;
    private bool _valid;

    public void Update(double ppq, double tempo, long nowNanos)
    {
        if (!double.IsFinite(ppq) || !double.IsFinite(tempo) || tempo <= 0) return;
        _ppq = ppq; _tempo = tempo; _nanos = nowNanos; _valid = true;
    }

    public bool Valid => _valid;
    public double Tempo => _tempo;

    public double PpqAt(long nowNanos)
    {
        if (!_valid) return double.NaN;
        double beats = Math.Max(0, nowNanos - _nanos) / 1e9 * _tempo / 60.0;
        return _ppq + Math.Min(beats, 1.0);
    }

    /// <summary>The wall-clock time (monotonic nanoseconds) at which the music reaches <paramref name="ppq"/>.</summary>
    public long NanosAt(double ppq) => _valid ? _nanos + (long)((ppq - _ppq) * 60.0 / _tempo * 1e9) : 0;
}
