using System.Runtime.InteropServices;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Live;
using AiCoPilot.Plugin;
using AiCoPilot.Plugin.Abi;

namespace AiCoPilot.Engine.Tests.Plugin;

public unsafe class LiveSettingsReaderTests
{
    // The wrapper's table as it hands it over, but with the slots in reverse order: the engine must bind by string ID.
    private sealed class WrapperTable : IDisposable
    {
        private readonly List<IntPtr> _strings = new();
        public ParamInfo* Infos { get; }
        public double* Block { get; }
        public int Count => ParameterTable.All.Count;

        public WrapperTable(Func<ParameterEntry, ParameterEntry>? change = null)
        {
            Infos = (ParamInfo*)NativeMemory.AllocZeroed((nuint)Count, (nuint)sizeof(ParamInfo));
            Block = (double*)NativeMemory.AllocZeroed(32, sizeof(double));
            for (int i = 0; i < Count; i++)
            {
                var entry = change is null ? ParameterTable.All[i] : change(ParameterTable.All[i]);
                IntPtr id = Marshal.StringToCoTaskMemUTF8(entry.Id);
                _strings.Add(id);
                Infos[i] = new ParamInfo { Id = (byte*)id, Min = entry.Min, Max = entry.Max, DefaultPlain = entry.Default, Slot = Count - 1 - i, Kind = (int)entry.Kind };
                Block[Count - 1 - i] = entry.Default;
            }
        }

        public void Set(ParameterEntry entry, double value) => Block[Count - 1 - ParameterTable.All.ToList().IndexOf(entry)] = value;

        public void Dispose()
        {
            foreach (var s in _strings) Marshal.FreeCoTaskMem(s);
            NativeMemory.Free(Infos);
            NativeMemory.Free(Block);
        }
    }

    [Fact]
    public void Parameters_are_bound_by_string_id_and_settings_rebuilt_only_when_one_changes()
    {
        using var table = new WrapperTable();
        var reader = new LiveSettingsReader(table.Block, new ParameterBinding(table.Infos, table.Count));
        var first = reader.Read();
        Assert.Equal(new LiveSettings(), first);  // the table's defaults are the engine's defaults
        Assert.Same(first, reader.Read());
        table.Set(ParameterTable.Mode, 2);
        table.Set(ParameterTable.Temperature, 0.4);
        var changed = reader.Read();
        Assert.NotSame(first, changed);
        Assert.Equal(GenerationMode.Both, changed.Answer.Mode);
        Assert.Equal(0.4, changed.Answer.Temperature);
        Assert.Same(changed, reader.Read());
        // A NaN (the wrapper never writes one: it sanitizes every value once) is one change, not one on every read.
        table.Set(ParameterTable.Density, double.NaN);
        var withNaN = reader.Read();
        Assert.Same(withNaN, reader.Read());
    }

    [Fact]
    public void A_wrapper_whose_table_differs_is_refused_with_the_parameter_named()
    {
        using var missing = new WrapperTable(e => e == ParameterTable.Temperature ? e with { Id = "temp" } : e);
        var e1 = Assert.Throws<ArgumentException>(() => new ParameterBinding(missing.Infos, missing.Count));
        Assert.Contains("'temperature'", e1.Message);
        using var ranged = new WrapperTable(e => e == ParameterTable.Bars ? e with { Max = 32 } : e);
        var e2 = Assert.Throws<ArgumentException>(() => new ParameterBinding(ranged.Infos, ranged.Count));
        Assert.Contains("'bars'", e2.Message);
    }

    [Fact]
    public void Reading_unchanged_parameters_allocates_nothing()
    {
        using var table = new WrapperTable();
        var reader = new LiveSettingsReader(table.Block, new ParameterBinding(table.Infos, table.Count));
        reader.Read();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) reader.Read();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
