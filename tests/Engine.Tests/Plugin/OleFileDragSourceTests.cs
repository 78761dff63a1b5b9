using AiCoPilot.Plugin.Editor;

namespace AiCoPilot.Engine.Tests.Plugin;

/// <summary>
/// The parts of the Windows drag that run without Windows: which formats the data object offers and when the drop
/// source drops or gives up. DoDragDrop itself is untested here (docs/editor.md).
/// </summary>
public unsafe class OleFileDragSourceTests
{
    [Fact]
    public void The_data_object_offers_a_file_drop_in_global_memory_and_nothing_else()
    {
        var data = new OleFileDragSource.FileDataObject("C:\\takes\\take1.mid");
        var drop = new OleFileDragSource.FormatEtc { Format = 15, Aspect = 1, Index = -1, Tymed = 1 };
        var text = drop with { Format = 1 };
        var stream = drop with { Tymed = 4 };
        Assert.Equal(0, data.QueryGetData(&drop));
        Assert.NotEqual(0, data.QueryGetData(&text));
        Assert.NotEqual(0, data.QueryGetData(&stream));
        Assert.NotEqual(0, data.GetData(&text, null));
    }

    [Fact]
    public void The_drop_source_drops_on_release_and_cancels_on_escape_or_after_the_timeout()
    {
        var source = new OleFileDragSource.TimedDropSource(() => TimeSpan.FromSeconds(1));
        Assert.Equal(0, source.QueryContinueDrag(0, 1));                 // button held: go on
        Assert.Equal(0x00040100, source.QueryContinueDrag(0, 0));        // released: drop
        Assert.Equal(0x00040101, source.QueryContinueDrag(1, 1));        // Escape: cancel
        var stale = new OleFileDragSource.TimedDropSource(() => OleFileDragSource.Timeout + TimeSpan.FromSeconds(1));
        Assert.Equal(0x00040101, stale.QueryContinueDrag(0, 1));         // held too long: cancel
        Assert.True(stale.TimedOut);
    }
}
