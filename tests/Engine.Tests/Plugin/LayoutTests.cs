using AiCoPilot.Plugin.Abi;

namespace AiCoPilot.Engine.Tests.Plugin;

/// <summary>The C# mirrors of aicopilot_engine_abi.h against the same numbers the C++ test_layout checks.</summary>
public class LayoutTests
{
    [Fact]
    public void Shared_structs_have_the_header_layout()
    {
        var info = LayoutInfo.Current;
        Assert.Equal(192, info.RingHeaderSize);
        Assert.Equal(0, info.RingWriteIndex);
        Assert.Equal(64, info.RingReadIndex);
        Assert.Equal(128, info.RingCapacity);
        Assert.Equal(40, info.InputEventSize);
        Assert.Equal(32, info.InputKind);
        Assert.Equal(38, info.InputFlags);
        Assert.Equal(32, info.SuggestionSize);
        Assert.Equal(8, info.SuggestionGeneration);
        Assert.Equal(12, info.SuggestionKind);
        Assert.Equal(16, info.SuggestionTake);
        Assert.Equal(256, info.ParamsSize);
        Assert.Equal(72, info.ConfigSize);
        Assert.Equal(40, info.ConfigParams);
        Assert.Equal(48, info.ConfigSampleRate);
        Assert.Equal(64, info.ConfigLogDirectory);
        Assert.Equal(16, (int)ParamIndex.Count);
    }

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
