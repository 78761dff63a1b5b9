using AiCoPilot.Plugin.Editor;

namespace AiCoPilot.Engine.Tests.Plugin;

/// <summary>What the editor refuses to learn when files are dropped onto it: its own takes.</summary>
public class EditorCoreTests
{
    private static readonly string Takes = Path.Combine(Path.GetTempPath(), "aicp-takes");

    [Fact]
    public void A_file_in_the_takes_folder_or_the_folder_itself_is_the_editors_own()
    {
        Assert.True(EditorCore.IsOwnFile(Path.Combine(Takes, "aicopilot-20261206-101010-take1.mid"), Takes, dragged: null));
        Assert.True(EditorCore.IsOwnFile(Path.Combine(Takes, "older", "take.mid"), Takes, dragged: null));
        Assert.True(EditorCore.IsOwnFile(Takes, Takes, dragged: null));
        Assert.True(EditorCore.IsOwnFile(Takes + Path.DirectorySeparatorChar, Takes, dragged: null));
        Assert.True(EditorCore.IsOwnFile(Path.Combine(Takes, "..", "aicp-takes", "take.mid"), Takes, dragged: null));
    }

    [Fact]
    public void The_players_files_are_not_even_beside_the_takes_folder()
    {
        Assert.False(EditorCore.IsOwnFile(Path.Combine(Path.GetTempPath(), "aicp-takes-mine", "song.mid"), Takes, dragged: null));
        Assert.False(EditorCore.IsOwnFile(Path.Combine(Path.GetTempPath(), "song.mid"), Takes, dragged: null));
        Assert.False(EditorCore.IsOwnFile(Path.GetTempPath(), Takes, dragged: null));  // a folder that holds the takes folder
    }

    [Fact]
    public void The_file_being_dragged_is_the_editors_own_wherever_it_lies()
    {
        string dragged = Path.Combine(Path.GetTempPath(), "elsewhere", "take2.mid");
        Assert.True(EditorCore.IsOwnFile(dragged, Takes, dragged));
        Assert.False(EditorCore.IsOwnFile(dragged, Takes, dragged: null));
    }
}
