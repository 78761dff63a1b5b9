using AiCoPilot.Plugin.Editor;

namespace AiCoPilot.Engine.Tests.Plugin;

/// <summary>
/// The parts of the Windows drag that run without Windows: which formats the data object offers, the DROPFILES block
/// it hands out, when the drop source drops or gives up, and what DoDragDrop's answers mean. DoDragDrop itself runs
/// under Wine only (docs/editor.md).
/// </summary>
public unsafe class OleFileDragSourceTests
{
    [Fact]
    public void The_data_object_offers_a_file_drop_in_global_memory_and_nothing_else()
    {
        var data = new OleFileDragSource.FileDataObject("C:\\takes\\take1.mid");
        var drop = OleFormatEtc.FileDrop;
        var text = drop with { Format = 1 };
        var stream = drop with { Tymed = 4 };
        Assert.Equal(0, data.QueryGetData(&drop));
        Assert.NotEqual(0, data.QueryGetData(&text));
        Assert.NotEqual(0, data.QueryGetData(&stream));
        Assert.NotEqual(0, data.GetData(&text, null));
    }

    [Fact]
    public void The_file_drop_is_a_wide_DROPFILES_list_of_the_one_path()
    {
        byte[] block = OleFileDragSource.FileDataObject.DropFiles("C:\\takes\\take 1.mid");
        Assert.Equal(20, BitConverter.ToInt32(block, 0));   // pFiles: the names follow the header
        Assert.Equal(1, BitConverter.ToInt32(block, 16));   // fWide
        string names = System.Text.Encoding.Unicode.GetString(block, 20, block.Length - 20);
        Assert.Equal("C:\\takes\\take 1.mid\0\0", names);    // one name, then the list's end
    }

    [Fact]
    public void The_drop_source_drops_on_release_and_cancels_on_escape_or_after_the_timeout()
    {
        var source = new OleFileDragSource.TimedDropSource(() => TimeSpan.FromSeconds(1));
        Assert.Equal(0, source.QueryContinueDrag(0, 1));                 // button held: go on
        Assert.Equal(0x00040100, source.QueryContinueDrag(0, 0));        // released: drop
        Assert.Equal(0x00040101, source.QueryContinueDrag(1, 1));        // Escape: cancel
        Assert.True(source.Escaped);
        var stale = new OleFileDragSource.TimedDropSource(() => OleFileDragSource.Timeout + TimeSpan.FromSeconds(1));
        Assert.Equal(0x00040101, stale.QueryContinueDrag(0, 1));         // held too long: cancel
        Assert.True(stale.TimedOut);
    }

    [Fact]
    public void DoDragDrop_answers_read_as_outcomes()
    {
        Assert.Equal("dropped", OleFileDragSource.Outcome(0x00040100, 1, timedOut: false, escaped: false));
        Assert.Equal("no drop target took the file", OleFileDragSource.Outcome(0x00040100, 0, timedOut: false, escaped: false));  // Wine
        Assert.Equal("no drop target took the file", OleFileDragSource.Outcome(0x00040101, 0, timedOut: false, escaped: false));
        Assert.Equal("timed out", OleFileDragSource.Outcome(0x00040101, 0, timedOut: true, escaped: false));
        Assert.Equal("cancelled", OleFileDragSource.Outcome(0x00040101, 0, timedOut: false, escaped: true));
        Assert.Contains("0x80004005", OleFileDragSource.Outcome(unchecked((int)0x80004005), 0, timedOut: false, escaped: false));
    }

    [Fact]
    public void The_Win32_structs_have_their_x64_sizes()
    {
        Assert.Equal(80, sizeof(Win32.WNDCLASSEXW));
        Assert.Equal(72, sizeof(Win32.PAINTSTRUCT));
        Assert.Equal(40, sizeof(Win32.BITMAPINFOHEADER));
        Assert.Equal(24, sizeof(Win32.TRACKMOUSEEVENT));
        Assert.Equal(152, sizeof(Win32.OPENFILENAMEW));
        Assert.Equal(32, sizeof(OleFormatEtc));
        Assert.Equal(24, sizeof(OleStgMedium));
        Assert.Equal(8, sizeof(OleFileDropTarget.PointL));
    }

    [Fact]
    public void The_open_dialog_answer_is_one_path_or_a_folder_and_names()
    {
        Assert.Equal(new[] { "C:\\songs\\a.mid" }, Win32FileDialog.ParseMultiSelect("C:\\songs\\a.mid\0\0junk"));
        Assert.Equal(new[] { Path.Combine("C:\\songs", "a.mid"), Path.Combine("C:\\songs", "b c.xml") },
            Win32FileDialog.ParseMultiSelect("C:\\songs\0a.mid\0b c.xml\0\0"));
        Assert.Empty(Win32FileDialog.ParseMultiSelect("\0\0"));
    }
}
