using System.Runtime.InteropServices;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Plugin;
using AiCoPilot.Plugin.Abi;

namespace AiCoPilot.Engine.Tests.Plugin;

public unsafe class LiveSettingsReaderTests
{
    private static double* NewParameterBlock()
    {
        var block = (double*)NativeMemory.AllocZeroed((nuint)ParamIndex.Count, sizeof(double));
        block[(int)ParamIndex.Enabled] = 1;
        block[(int)ParamIndex.Bars] = 4;
        block[(int)ParamIndex.Temperature] = 1;
        block[(int)ParamIndex.Variations] = 3;
        block[(int)ParamIndex.SilenceBeats] = 1.5;
        return block;
    }

    [Fact]
    public void Settings_are_rebuilt_only_when_a_parameter_changes()
    {
        double* block = NewParameterBlock();
        try
        {
            var reader = new LiveSettingsReader(block);
            var first = reader.Read();
            Assert.Same(first, reader.Read());
            block[(int)ParamIndex.Mode] = 2;
            var changed = reader.Read();
            Assert.NotSame(first, changed);
            Assert.Equal(GenerationMode.Both, changed.Mode);
            Assert.Same(changed, reader.Read());
            // A NaN written by a careless host is one change, not a change on every read; it becomes a safe value.
            block[(int)ParamIndex.Bars] = double.NaN;
            var withNaN = reader.Read();
            Assert.Same(withNaN, reader.Read());
            Assert.InRange(withNaN.Bars, 1, 16);
        }
        finally { NativeMemory.Free(block); }
    }

    [Fact]
    public void Reading_unchanged_parameters_allocates_nothing()
    {
        double* block = NewParameterBlock();
        try
        {
            var reader = new LiveSettingsReader(block);
            reader.Read();
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++) reader.Read();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        finally { NativeMemory.Free(block); }
    }
}
