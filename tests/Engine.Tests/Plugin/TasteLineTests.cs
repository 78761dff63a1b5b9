using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Taste;
using AiCoPilot.Engine.Tests.Taste;
using AiCoPilot.Plugin.Editor;

namespace AiCoPilot.Engine.Tests.Plugin;

/// <summary>The editor's taste line and its two buttons.</summary>
public class TasteLineTests
{
    [Fact]
    public void The_editor_says_in_a_line_what_the_taste_has_learned()
    {
        Assert.StartsWith("Taste: keep, drag out or delete", EditorRenderer.TasteText(TasteSummary.Empty));
        Assert.Equal("Taste: 2 kept, 4 choices, nothing sure yet", EditorRenderer.TasteText(new TasteSummary("", 4, 2, true, true, "")));
        Assert.Equal("You keep: syncopated, stepwise, higher",
            EditorRenderer.TasteText(new TasteSummary("syncopated, stepwise, higher", 30, 10, true, true, "")));
    }

    [Fact]
    public void A_refused_taste_file_is_said_on_the_line()
    {
        string file = Path.Combine(Fixtures.TempDir(), UserTasteFile.FileName);
        File.WriteAllText(file, "not a taste");
        var session = TasteSessionTests.Answered(file);
        Assert.Contains("refused", EditorRenderer.TasteText(session.Style.TasteSummary));
    }

    [Theory]
    [InlineData(900, 560)]
    [InlineData(740, 400)]
    public void The_taste_line_and_its_buttons_sit_above_the_status_line_clear_of_the_takes(int width, int height)
    {
        var layout = new EditorLayout(width, height, 3);
        var forget = Assert.Single(layout.Controls, c => c.Action == EditorAction.ForgetTaste);
        var share = Assert.Single(layout.Controls, c => c.Action == EditorAction.ToggleTasteSharing);
        Assert.Equal(-1, forget.Take);
        Assert.True(layout.TasteLine.Width > 300, $"the line has room for its words ({layout.TasteLine.Width})");
        foreach (var r in new[] { layout.TasteLine, forget.Bounds, share.Bounds })
        {
            Assert.True(r.Y >= layout.Controls.Where(c => c.Take >= 0).Max(c => c.Bounds.Bottom), "below the take buttons");
            Assert.True(r.Bottom <= layout.Status.Y, "above the status line");
            Assert.True(r.Right <= layout.Width);
        }
        Assert.True(layout.TasteLine.Right <= share.Bounds.X);
    }

    [Fact]
    public void The_tastes_buttons_send_their_commands_to_the_session()
    {
        var session = TasteSessionTests.Answered();
        TasteSessionTests.Do(session, TakeCommandKind.Accept, 0);
        Assert.False(session.Style.Taste.IsEmpty);
        session.Post(new TakeCommand(TakeCommandKind.ShareTaste, 0));
        session.Post(new TakeCommand(TakeCommandKind.ForgetTaste));
        TasteSessionTests.RunAt(session, 22);
        Assert.True(session.Style.Taste.IsEmpty);
        Assert.False(session.Style.TasteSummary.SharesTaste);
        Assert.Equal(0, session.Style.TasteSummary.Comparisons);
    }
}
