using AiCoPilot.Plugin.Editor;

namespace AiCoPilot.Engine.Tests.Plugin;

/// <summary>The editor's geometry: every control is reachable, nothing overlaps, takes sit beside the phrase.</summary>
public class EditorLayoutTests
{
    [Theory]
    [InlineData(900, 560, 3)]
    [InlineData(740, 400, 8)]
    [InlineData(1920, 1080, 1)]
    [InlineData(100, 50, 0)]  // smaller than allowed: the minimum is used
    public void Controls_do_not_overlap_and_each_is_found_at_its_centre(int width, int height, int takes)
    {
        var layout = new EditorLayout(width, height, takes);
        Assert.True(layout.Width >= EditorLayout.MinWidth && layout.Height >= EditorLayout.MinHeight);
        var controls = layout.Controls;
        for (int i = 0; i < controls.Count; i++)
        {
            var c = controls[i];
            Assert.True(c.Bounds.Right <= layout.Width && c.Bounds.Bottom <= layout.Height, $"{c.Action} is outside the window");
            var hit = layout.ControlAt(c.Bounds.X + c.Bounds.Width / 2, c.Bounds.Y + c.Bounds.Height / 2);
            Assert.Equal(c, hit);
            for (int j = i + 1; j < controls.Count; j++)
                Assert.False(Overlap(c.Bounds, controls[j].Bounds), $"{c.Action} overlaps {controls[j].Action}");
        }
        Assert.Equal(Math.Min(takes, EditorLayout.MaxTakes), layout.Takes.Count);
        Assert.Equal(4 * layout.Takes.Count, controls.Count(c => c.Take >= 0));
        foreach (var action in new[] { EditorAction.ToggleListen, EditorAction.SuggestNow, EditorAction.Regenerate, EditorAction.ExportTake,
                                       EditorAction.OpenTakesFolder, EditorAction.LearnFiles, EditorAction.CycleMode, EditorAction.BarsUp, EditorAction.TemperatureUp,
                                       EditorAction.ToggleKeyLock, EditorAction.AdaptationUp, EditorAction.ForgetTaste, EditorAction.ToggleTasteSharing })
            Assert.Contains(controls, c => c.Action == action);
    }

    [Fact]
    public void Takes_sit_side_by_side_right_of_the_phrase_and_a_point_finds_its_take()
    {
        var layout = new EditorLayout(900, 560, 3);
        Assert.True(layout.Phrase.Width > layout.Takes[0].Width, "the phrase gets the wider column");
        float x = layout.Phrase.Right;
        for (int t = 0; t < 3; t++)
        {
            var r = layout.Takes[t];
            Assert.True(r.X >= x);
            x = r.Right;
            Assert.Equal(t, layout.TakeAt(r.X + r.Width / 2, r.Y + r.Height / 2));
            Assert.Equal(r.Y, layout.Phrase.Y);
        }
        Assert.Equal(-1, layout.TakeAt(layout.Phrase.X + 5, layout.Phrase.Y + 5));
        Assert.Null(layout.ControlAt(layout.Phrase.X + 5, layout.Phrase.Y + 50));
    }

    [Theory]
    [InlineData("/tmp/takes/take 1.mid", "file:///tmp/takes/take%201.mid")]
    [InlineData("/home/zoë/Take#2.mid", "file:///home/zo%C3%AB/Take%232.mid")]
    public void Dragged_files_are_offered_as_percent_encoded_uris(string path, string uri) =>
        Assert.Equal(uri, XdndDragSource.FileUri(path));

    [Fact]
    public void Dropped_uri_lists_give_the_local_paths_and_leave_out_the_rest()
    {
        string list = "# a comment a file manager may add\r\n" +
                      XdndDragSource.FileUri("/home/zoë/My song #2.mid") + "\r\n" +
                      "file://localhost/tmp/a%20folder\r\n" +
                      "file://otherhost/tmp/remote.mid\r\n" +   // another machine's file
                      "https://example.org/song.mid\r\n" +
                      "file:///tmp/bad%zzescape.mid\r\n" +
                      "\r\n";
        Assert.Equal(new[] { "/home/zoë/My song #2.mid", "/tmp/a folder" }, XdndDropTarget.ParseUriList(list));
        Assert.Empty(XdndDropTarget.ParseUriList(""));
    }

    private static bool Overlap(Rect a, Rect b) => a.X < b.Right && b.X < a.Right && a.Y < b.Bottom && b.Y < a.Bottom;
}
