using AiCoPilot.Plugin.Editor;

namespace AiCoPilot.Engine.Tests.Plugin;

/// <summary>
/// The part of the macOS drag that runs without macOS: it refuses to start elsewhere, with a reason. The Objective-C calls themselves are untested here (docs/editor.md).
/// </summary>
public class MacFileDragSourceTests
{
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
