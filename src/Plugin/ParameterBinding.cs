using System.Runtime.InteropServices;
using AiCoPilot.Engine.Live;
using AiCoPilot.Plugin.Abi;

namespace AiCoPilot.Plugin;

/// <summary>
/// Where each parameter the engine uses sits in the shared value block, found by string ID in what the wrapper handed
/// over at creation (its table, made from the same aicp_parameters.def). A wrapper whose table differs is refused.
/// </summary>
internal sealed unsafe class ParameterBinding
{
    private readonly Dictionary<string, int> _slots = new();

    public ParameterBinding(ParamInfo* parameters, int count)
    {
        if (parameters == null || count <= 0 || count > SharedParams.Slots) throw new ArgumentException($"the wrapper handed over {count} parameters");
        var wrapper = new Dictionary<string, ParamInfo>();
        for (int i = 0; i < count; i++)
        {
            string id = parameters[i].Id == null ? "" : Marshal.PtrToStringUTF8((IntPtr)parameters[i].Id) ?? "";
            if ((uint)parameters[i].Slot >= SharedParams.Slots) throw new ArgumentException($"parameter '{id}' has slot {parameters[i].Slot}");
            wrapper[id] = parameters[i];
        }
        foreach (var entry in ParameterTable.All)
        {
            if (!wrapper.TryGetValue(entry.Id, out var info)) throw new ArgumentException($"the wrapper has no parameter '{entry.Id}'");
            if (info.Min != entry.Min || info.Max != entry.Max || info.DefaultPlain != entry.Default)
                throw new ArgumentException($"parameter '{entry.Id}' is {info.Min}..{info.Max} (default {info.DefaultPlain}) in the wrapper, {entry.Min}..{entry.Max} (default {entry.Default}) in the engine");
            _slots[entry.Id] = info.Slot;
        }
        SlotCount = count;
    }

    /// <summary>How many slots of the shared block the wrapper uses.</summary>
    public int SlotCount { get; }

    public int Slot(ParameterEntry entry) => _slots[entry.Id];
}
