namespace AiCoPilot.Plugin.Editor;

/// <summary>What a click on a control does.</summary>
internal enum EditorAction
{
    None, ToggleListen, SuggestNow, Regenerate, ExportTake, OpenTakesFolder, LearnFiles,
    CycleMode, BarsDown, BarsUp, TemperatureDown, TemperatureUp, ToggleKeyLock, AdaptationDown, AdaptationUp,
    Audition, Accept, Delete, MoreLikeThis, ForgetTaste, ToggleTasteSharing,
}

internal readonly record struct Rect(float X, float Y, float Width, float Height)
{
    public float Right => X + Width;
    public float Bottom => Y + Height;
    public bool Contains(float x, float y) => x >= X && x < Right && y >= Y && y < Bottom;
}

internal readonly record struct Control(Rect Bounds, EditorAction Action, int Take, string Label);

/// <summary>
/// Where everything sits, in logical pixels (the renderer scales by the host's content scale factor): a row of
/// session buttons, a row of main controls, the piano roll with the player's phrase and the takes side by side
/// (each with audition, accept, more and delete under it), a line saying what the taste has learned with its two
/// buttons (forget it, share it across projects or not), and a status line. Pure geometry, so it is tested directly.
/// </summary>
internal sealed class EditorLayout
{
    public const int DefaultWidth = 900, DefaultHeight = 560, MinWidth = 740, MinHeight = 400, MaxTakes = 8;
    private const float Pad = 8, ButtonRow = 34, ControlRow = 32, ChordRow = 22, TakeButtons = 30, TasteRow = 26, StatusRow = 24, KeyboardWidth = 28;

    public EditorLayout(float width, float height, int takeCount)
    {
        Width = Math.Max(MinWidth, width);
        Height = Math.Max(MinHeight, height);
        var controls = new List<Control>();
        float x = Pad;
        void Button(EditorAction action, string label, float w, float y, float h, int take = -1)
        {
            controls.Add(new Control(new Rect(x, y, w, h), action, take, label));
            x += w + 6;
        }
        Button(EditorAction.ToggleListen, "Listen", 96, Pad, ButtonRow - 6);
        Button(EditorAction.SuggestNow, "Suggest now", 120, Pad, ButtonRow - 6);
        Button(EditorAction.Regenerate, "Regenerate", 112, Pad, ButtonRow - 6);
        Button(EditorAction.ExportTake, "Export .mid", 112, Pad, ButtonRow - 6);
        Button(EditorAction.OpenTakesFolder, "Takes folder", 118, Pad, ButtonRow - 6);
        Button(EditorAction.LearnFiles, "Learn files...", 122, Pad, ButtonRow - 6);

        x = Pad;
        float cy = Pad + ButtonRow;
        Button(EditorAction.CycleMode, "Mode", 150, cy, ControlRow - 6);
        Button(EditorAction.BarsDown, "-", 26, cy, ControlRow - 6); x -= 2;
        BarsLabel = new Rect(x, cy, 70, ControlRow - 6); x += 72;
        Button(EditorAction.BarsUp, "+", 26, cy, ControlRow - 6);
        Button(EditorAction.TemperatureDown, "-", 26, cy, ControlRow - 6); x -= 2;
        TemperatureLabel = new Rect(x, cy, 96, ControlRow - 6); x += 98;
        Button(EditorAction.TemperatureUp, "+", 26, cy, ControlRow - 6);
        Button(EditorAction.ToggleKeyLock, "Key lock", 96, cy, ControlRow - 6);
        Button(EditorAction.AdaptationDown, "-", 26, cy, ControlRow - 6); x -= 2;
        AdaptationLabel = new Rect(x, cy, 104, ControlRow - 6); x += 106;
        Button(EditorAction.AdaptationUp, "+", 26, cy, ControlRow - 6);

        // Play-along's chords: the last ones played and the next one, named before it sounds.
        ChordLane = new Rect(Pad, Pad + ButtonRow + ControlRow, Width - 2 * Pad, ChordRow - 4);
        float rollTop = Pad + ButtonRow + ControlRow + ChordRow;
        float rollBottom = Height - StatusRow - TasteRow - TakeButtons - Pad;
        Keyboard = new Rect(Pad, rollTop, KeyboardWidth, rollBottom - rollTop);
        int columns = 1 + Math.Clamp(takeCount, 0, MaxTakes);
        float areaX = Keyboard.Right + 4, areaWidth = Width - Pad - areaX;
        // The phrase gets a wider column: it is what the takes answer.
        float unit = areaWidth / (columns + 0.5f);
        Phrase = new Rect(areaX, rollTop, unit * 1.5f - 4, rollBottom - rollTop);
        var takes = new List<Rect>();
        for (int t = 0; t < columns - 1; t++)
        {
            var r = new Rect(areaX + unit * (1.5f + t), rollTop, unit - 4, rollBottom - rollTop);
            takes.Add(r);
            float bw = (r.Width - 12) / 4, by = rollBottom + 4;
            controls.Add(new Control(new Rect(r.X, by, bw, TakeButtons - 6), EditorAction.Audition, t, "Play"));
            controls.Add(new Control(new Rect(r.X + bw + 4, by, bw, TakeButtons - 6), EditorAction.Accept, t, "Accept"));
            controls.Add(new Control(new Rect(r.X + 2 * (bw + 4), by, bw, TakeButtons - 6), EditorAction.MoreLikeThis, t, "More"));
            controls.Add(new Control(new Rect(r.X + 3 * (bw + 4), by, bw, TakeButtons - 6), EditorAction.Delete, t, "Del"));
        }
        Takes = takes;
        // The taste: what it has learned, in a line, and its two buttons at the right.
        float ty = Height - StatusRow - TasteRow + 1;
        x = Width - Pad - 150 - 6 - 140;
        TasteLine = new Rect(Pad, ty, x - Pad - 6, TasteRow - 6);
        Button(EditorAction.ToggleTasteSharing, "All projects", 150, ty, TasteRow - 6);
        Button(EditorAction.ForgetTaste, "Forget my taste", 140, ty, TasteRow - 6);
        Controls = controls;
        Status = new Rect(0, Height - StatusRow, Width, StatusRow);
    }

    public float Width { get; }
    public float Height { get; }
    public IReadOnlyList<Control> Controls { get; }
    public Rect BarsLabel { get; }
    public Rect TemperatureLabel { get; }
    public Rect AdaptationLabel { get; }
    public Rect Keyboard { get; }
    public Rect Phrase { get; }
    public IReadOnlyList<Rect> Takes { get; }
    public Rect Status { get; }
    public Rect ChordLane { get; }
    /// <summary>Where the editor says what the taste has learned ("You keep: syncopated, stepwise, higher").</summary>
    public Rect TasteLine { get; }

    public Control? ControlAt(float x, float y)
    {
        foreach (var c in Controls)
            if (c.Bounds.Contains(x, y)) return c;
        return null;
    }

    /// <summary>The take column under a point (where a drag starts), or -1.</summary>
    public int TakeAt(float x, float y)
    {
        for (int t = 0; t < Takes.Count; t++)
            if (Takes[t].Contains(x, y)) return t;
        return -1;
    }
}
