using AiCoPilot.Plugin.Editor;

namespace AiCoPilot.Engine.Tests.Plugin;

/// <summary>
/// The parts of the macOS drag that run without macOS: what it offers, how it reads AppKit's outcome, and that it
/// refuses to start elsewhere with a reason. The Objective-C calls themselves are untested here (docs/editor.md).
/// </summary>
public class MacFileDragSourceTests
{
    [Fact]
    public void It_offers_a_copy_and_reads_the_operation_AppKit_ended_with()
    {
        Assert.Equal((nuint)1, MacFileDragSource.SourceOperationMask(0));       // NSDragOperationCopy, inside or outside the app
        Assert.Equal((nuint)1, MacFileDragSource.SourceOperationMask(1));
        Assert.Equal("not dropped", MacFileDragSource.Outcome(0));              // NSDragOperationNone: cancelled or refused
        Assert.Equal("dropped", MacFileDragSource.Outcome(1));
    }

    [Fact]
    public void Away_from_macOS_it_refuses_to_start_and_says_why_once()
    {
        var drag = new MacFileDragSource(nsView: 0x1234);
        Assert.False(drag.Begin("/tmp/take1.mid", 0));
        Assert.False(drag.Active);
        Assert.Contains("macOS", drag.TakeFinished());
        Assert.Null(drag.TakeFinished());
    }
}
