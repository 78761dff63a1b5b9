using AiCoPilot.Plugin.Abi;

namespace AiCoPilot.Engine.Tests.Plugin;

/// <summary>The C# ring over a native header. (The C# mirrors' sizes and offsets are checked against the C++ compiler's
/// by AbiLayout.EngineLibraryAgreesWithTheHeader, through the real engine library.)</summary>
public class LayoutTests
{
    [Fact]
    public unsafe void Ring_passes_records_in_order_and_counts_overflow()
    {
        var header = new RingHeader { Capacity = 4, RecordSize = (uint)sizeof(SuggestionEvent) };
        var records = new SuggestionEvent[4];
        fixed (SuggestionEvent* data = records)
        {
            var ring = new NativeRing<SuggestionEvent>(&header, data);
            Assert.True(ring.IsValid);
            for (int i = 0; i < 4; i++) Assert.True(ring.TryPush(new SuggestionEvent { Pitch = (byte)i }));
            Assert.False(ring.TryPush(new SuggestionEvent()));
            Assert.Equal(1UL, header.OverflowCount);
            for (int i = 0; i < 4; i++)
            {
                Assert.True(ring.TryPop(out var e));
                Assert.Equal(i, e.Pitch);
            }
            Assert.False(ring.TryPop(out _));
            var wrong = new RingHeader { Capacity = 3, RecordSize = 32 };
            Assert.False(new NativeRing<SuggestionEvent>(&wrong, data).IsValid);
        }
    }
}
