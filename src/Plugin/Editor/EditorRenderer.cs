using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Taste;
using SkiaSharp;

namespace AiCoPilot.Plugin.Editor;

/// <summary>Everything the editor shows in one frame, gathered on the UI thread before drawing.</summary>
internal sealed record EditorFrame(
    EditorPicture View, double NowPpq, bool Listening, int Mode, int Bars, double Temperature, bool KeyLock, double Adaptation,
    string ModelStatus, int SelectedTake, int HoverTake, string? Message, TasteSummary Taste);

/// <summary>
/// Draws the editor with SkiaSharp onto a raster canvas: the controls, the player's phrase and the takes side by side
/// on one pitch axis, the playing take outlined with a playhead that follows the transport, what the taste has learned,
/// and the status line.
/// </summary>
internal sealed class EditorRenderer : IDisposable
{
    private static readonly string[] ModeNames = { "Mode: Melody", "Mode: Harmony", "Mode: Both" };
    private static readonly SKColor Background = new(0x1B, 0x1F, 0x26), Panel = new(0x24, 0x29, 0x32), Grid = new(0x2E, 0x34, 0x3F),
        GridBar = new(0x41, 0x49, 0x57), Text = new(0xE3, 0xE7, 0xEE), Dim = new(0x8A, 0x93, 0xA3), Button = new(0x33, 0x3A, 0x46),
        ButtonOn = new(0x2F, 0x7D, 0x5B), PhraseNote = new(0x5A, 0xA9, 0xE6), TakeNote = new(0xF2, 0x9E, 0x4C),
        Playing = new(0xF5, 0xD0, 0x4C), Playhead = new(0xFF, 0xFF, 0xFF), Selected = new(0x8F, 0x7C, 0xF2);

    private readonly SKTypeface _typeface;
    private readonly SKFont _font, _small;
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f };

    public EditorRenderer()
    {
        _typeface = EditorFont.Load();
        _font = new SKFont(_typeface, 13);
        _small = new SKFont(_typeface, 11);
    }

    public void Draw(SKCanvas canvas, EditorLayout layout, EditorFrame frame)
    {
        canvas.Clear(Background);
        foreach (var c in layout.Controls) DrawControl(canvas, c, frame);
        Label(canvas, layout.BarsLabel, $"Bars {frame.Bars}");
        Label(canvas, layout.TemperatureLabel, $"Temp {frame.Temperature:F2}");
        Label(canvas, layout.AdaptationLabel, $"Adapt {frame.Adaptation:F0} %");

        var view = frame.View;
        var (low, high) = PitchRange(view);
        DrawKeyboard(canvas, layout.Keyboard, low, high);
        double phraseFrom = view.Phrase.Count > 0 ? view.Phrase.Min(n => n.StartPpq) : 0;
        double phraseTo = view.Phrase.Count > 0 ? Math.Max(view.Phrase.Max(n => n.StartPpq + n.LengthPpq), phraseFrom + 1) : 4;
        DrawRoll(canvas, layout.Phrase, view.Phrase, phraseFrom, phraseTo, low, high, PhraseNote, "Your phrase", outline: null);

        double takesFrom = double.IsFinite(view.TakesStartPpq) ? view.TakesStartPpq : 0;
        double takesTo = takesFrom + 4;
        foreach (var take in view.Takes)
            if (take.Count > 0) takesTo = Math.Max(takesTo, take.Max(n => n.StartPpq + n.LengthPpq));
        for (int t = 0; t < layout.Takes.Count && t < view.Takes.Count; t++)
        {
            bool playing = view.PlayingTake == t && double.IsFinite(frame.NowPpq) && frame.NowPpq < view.PlayingToPpq + 0.25;
            SKColor? outline = playing ? Playing : t == frame.SelectedTake ? Selected : t == frame.HoverTake ? Dim : null;
            string title = $"Take {t + 1}" + (playing ? (view.PlayingIsPreview ? "  (audition)" : "  (playing)") : "");
            DrawRoll(canvas, layout.Takes[t], view.Takes[t], takesFrom, takesTo, low, high, TakeNote, title, outline, Apart(view, t));
            if (playing && frame.NowPpq >= view.PlayingFromPpq)
            {
                // The take plays from PlayingFromPpq; its notes are drawn from takesFrom.
                double at = takesFrom + (frame.NowPpq - view.PlayingFromPpq);
                var r = Inner(layout.Takes[t]);
                float x = r.X + (float)((at - takesFrom) / (takesTo - takesFrom)) * r.Width;
                _stroke.Color = Playhead;
                canvas.DrawLine(x, r.Y, x, r.Bottom, _stroke);
            }
        }
        if (view.Takes.Count == 0)
        {
            var hint = layout.Phrase with { X = layout.Phrase.Right + 12, Width = layout.Width - layout.Phrase.Right - 20 };
            Label(canvas, hint, "Play a phrase and pause: the takes appear here.", Dim);
        }

        DrawChordLane(canvas, layout.ChordLane, view.Chords, frame.NowPpq);
        Label(canvas, layout.TasteLine, TasteText(frame.Taste), frame.Taste.Liked.Length > 0 ? Text : Dim);

        string tempo = double.IsFinite(view.Tempo) ? $"{view.Tempo:F1} BPM" : "no tempo";
        string key = view.Key.Length > 0 ? "key " + view.Key : "key: no phrase yet";
        string pool = view.Snapshot.PoolSize > view.Takes.Count ? $"   |   {view.Takes.Count} of a pool of {view.Snapshot.PoolSize}" : "";
        string status = frame.Message ?? $"{frame.ModelStatus}   |   {key}   |   {tempo}{pool}";
        _fill.Color = Panel;
        canvas.DrawRect(layout.Status.X, layout.Status.Y, layout.Status.Width, layout.Status.Height, _fill);
        _fill.Color = Text;
        canvas.DrawText(status, layout.Status.X + 8, layout.Status.Bottom - 7, SKTextAlign.Left, _small, _fill);
    }

    // Chords left to right, oldest first; the one sounding now is highlighted, one still to come says "next".
    private void DrawChordLane(SKCanvas canvas, Rect r, IReadOnlyList<ViewChord> chords, double now)
    {
        if (chords.Count == 0)
        {
            Label(canvas, r, "Play along: the chords appear here while you play.", Dim);
            return;
        }
        float x = r.X, width = Math.Min(96, r.Width / chords.Count);
        foreach (var c in chords)
        {
            bool sounding = double.IsFinite(now) && now >= c.StartPpq && now < c.EndPpq;
            bool next = double.IsFinite(now) && now < c.StartPpq;
            var cell = new Rect(x, r.Y, width - 4, r.Height);
            _fill.Color = sounding ? Playing : Panel;
            canvas.DrawRect(cell.X, cell.Y, cell.Width, cell.Height, _fill);
            Label(canvas, cell, next ? "next " + c.Name : c.Name, sounding ? Background : Text, center: true);
            x += width;
        }
    }

    private void DrawControl(SKCanvas canvas, Control c, EditorFrame frame)
    {
        bool on = c.Action switch
        {
            EditorAction.ToggleListen => frame.Listening,
            EditorAction.ToggleKeyLock => frame.KeyLock,
            EditorAction.ToggleTasteSharing => frame.Taste.SharesTaste,
            _ => false,
        };
        bool disabled = (c.Take >= 0 && c.Take >= frame.View.Takes.Count) || (c.Action == EditorAction.ForgetTaste && frame.Taste.Comparisons == 0);
        _fill.Color = on ? ButtonOn : Button;
        canvas.DrawRoundRect(c.Bounds.X, c.Bounds.Y, c.Bounds.Width, c.Bounds.Height, 5, 5, _fill);
        string label = c.Action switch
        {
            EditorAction.ToggleListen => frame.Listening ? "Listening" : "Listen off",
            EditorAction.CycleMode => ModeNames[Math.Clamp(frame.Mode, 0, 2)],
            EditorAction.ToggleTasteSharing => frame.Taste.SharesTaste ? "Taste: all projects" : "Taste: this project",
            _ => c.Label,
        };
        Label(canvas, c.Bounds, label, disabled ? Dim : Text, center: true);
    }

    private void Label(SKCanvas canvas, Rect r, string text, SKColor? color = null, bool center = false)
    {
        _fill.Color = color ?? Text;
        float y = r.Y + r.Height / 2 + 5;
        if (center) canvas.DrawText(text, r.X + r.Width / 2, y, SKTextAlign.Center, _font, _fill);
        else canvas.DrawText(text, r.X + 4, y, SKTextAlign.Left, _font, _fill);
    }

    private static Rect Inner(Rect r) => new(r.X + 2, r.Y + 18, r.Width - 4, r.Height - 20);

    private void DrawRoll(SKCanvas canvas, Rect bounds, IReadOnlyList<ViewNote> notes, double from, double to, int low, int high,
        SKColor noteColor, string title, SKColor? outline, string caption = "")
    {
        _fill.Color = Panel;
        canvas.DrawRoundRect(bounds.X, bounds.Y, bounds.Width, bounds.Height, 4, 4, _fill);
        _fill.Color = Text;
        canvas.DrawText(title, bounds.X + 6, bounds.Y + 13, SKTextAlign.Left, _small, _fill);

        var r = Inner(bounds);
        float rowHeight = r.Height / (high - low + 1);
        for (int p = low; p <= high; p++)
        {
            if (!IsBlack(p)) continue;
            _fill.Color = Grid;
            canvas.DrawRect(r.X, r.Bottom - (p - low + 1) * rowHeight, r.Width, rowHeight, _fill);
        }
        double span = Math.Max(1e-6, to - from);
        for (int beat = (int)Math.Ceiling(from); beat <= to; beat++)
        {
            float x = r.X + (float)((beat - from) / span) * r.Width;
            _stroke.Color = beat % 4 == 0 ? GridBar : Grid;
            canvas.DrawLine(x, r.Y, x, r.Bottom, _stroke);
        }
        _fill.Color = noteColor;
        foreach (var n in notes)
        {
            if (n.Pitch < low || n.Pitch > high) continue;
            float x = r.X + (float)((n.StartPpq - from) / span) * r.Width;
            float w = Math.Max(2, (float)(n.LengthPpq / span) * r.Width - 1);
            float y = r.Bottom - (n.Pitch - low + 1) * rowHeight;
            canvas.DrawRoundRect(x, y + 0.5f, w, Math.Max(2, rowHeight - 1), 2, 2, _fill);
        }
        if (outline is { } color)
        {
            _stroke.Color = color;
            _stroke.StrokeWidth = 2.5f;
            canvas.DrawRoundRect(bounds.X + 1, bounds.Y + 1, bounds.Width - 2, bounds.Height - 2, 4, 4, _stroke);
            _stroke.StrokeWidth = 1.5f;
        }
        if (caption.Length > 0)
        {
            // Last, on a strip of its own, so notes never hide it.
            _fill.Color = Panel;
            canvas.DrawRect(r.X, r.Bottom - 16, r.Width, 16, _fill);
            _fill.Color = Dim;
            canvas.DrawText(caption, r.X + 4, r.Bottom - 4, SKTextAlign.Left, _small, _fill);
        }
    }

    private void DrawKeyboard(SKCanvas canvas, Rect bounds, int low, int high)
    {
        var r = Inner(bounds);
        float rowHeight = r.Height / (high - low + 1);
        for (int p = low; p <= high; p++)
        {
            _fill.Color = IsBlack(p) ? new SKColor(0x20, 0x20, 0x20) : new SKColor(0xD8, 0xD8, 0xD8);
            canvas.DrawRect(r.X, r.Bottom - (p - low + 1) * rowHeight, r.Width, Math.Max(1, rowHeight - 0.5f), _fill);
            if (p % 12 == 0 && rowHeight * 3 > 10)
            {
                _fill.Color = Background;
                canvas.DrawText($"C{p / 12 - 1}", r.X + 2, r.Bottom - (p - low) * rowHeight - 2, SKTextAlign.Left, _small, _fill);
            }
        }
    }

    /// <summary>The taste's line: what it has learned ("You keep: syncopated, stepwise, higher"), and a refused taste file.</summary>
    internal static string TasteText(TasteSummary taste) =>
        taste.Problem.Length > 0 ? $"{taste.Line}   ({taste.Problem})" : taste.Line;

    // How different a take is, written under it: "apart" from the nearest other take, "new" against the player's
    // phrase (0 = the same line, 1 = nothing in common), so a musician sees at a glance which takes are new ideas.
    internal static string Apart(EditorPicture view, int take)
    {
        var figures = view.Snapshot.Figures;
        if ((uint)take >= (uint)figures.Count) return "";
        var f = figures[take];
        string others = double.IsFinite(f.NearestOther) ? $"apart {f.NearestOther:F2}   " : "";
        return $"{others}new {f.FromPhrase:F2}";
    }

    /// <summary>The pitches to show: everything played and suggested, at least two octaves, centred.</summary>
    internal static (int Low, int High) PitchRange(EditorPicture view)
    {
        var pitches = view.Phrase.Select(n => n.Pitch).Concat(view.Takes.SelectMany(t => t.Select(n => n.Pitch))).ToList();
        int low = pitches.Count > 0 ? pitches.Min() : 60, high = pitches.Count > 0 ? pitches.Max() : 72;
        while (high - low < 24) { low--; high++; }
        return (Math.Max(0, low - 1), Math.Min(127, high + 1));
    }

    private static bool IsBlack(int pitch) => (pitch % 12) is 1 or 3 or 6 or 8 or 10;

    public void Dispose()
    {
        _fill.Dispose();
        _stroke.Dispose();
        _font.Dispose();
        _small.Dispose();
        _typeface.Dispose();
    }
}
