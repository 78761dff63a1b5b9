namespace AiCoPilot.Plugin.Editor;

/// <summary>
/// Drawing and blit times of the editor's frames, whole and partial (the playhead, the status line), kept for the
/// last 4,096 frames and summarised in the log when the editor closes (docs/editor.md quotes these lines).
/// </summary>
internal sealed class FrameTimings
{
    private const int Capacity = 4096;
    private readonly List<(bool Full, double Draw, double Blit)> _frames = new(Capacity);
    private int _next;

    public void Add(bool full, double drawMs, double blitMs)
    {
        if (_frames.Count < Capacity) _frames.Add((full, drawMs, blitMs));
        else _frames[_next++ % Capacity] = (full, drawMs, blitMs);
    }

    public string Summary() => $"whole frames {Describe(true)}; partial frames {Describe(false)}";

    private string Describe(bool full)
    {
        var draw = _frames.Where(f => f.Full == full).Select(f => f.Draw).OrderBy(v => v).ToArray();
        var blit = _frames.Where(f => f.Full == full).Select(f => f.Blit).OrderBy(v => v).ToArray();
        if (draw.Length == 0) return "none";
        return $"{draw.Length}, draw p50 {At(draw, 0.5):F2} ms p95 {At(draw, 0.95):F2} ms, blit p50 {At(blit, 0.5):F2} ms p95 {At(blit, 0.95):F2} ms";
    }

    private static double At(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * (sorted.Length - 1) + 0.5))];
}
