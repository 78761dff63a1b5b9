using AiCoPilot.Engine.Accompaniment;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Live;
using AiCoPilot.Plugin.Abi;

namespace AiCoPilot.Plugin;

/// <summary>
/// Turns the shared parameter block (written by the wrapper) into the session's <see cref="LiveSettings"/>. The engine
/// thread asks at every wake-up; a new settings object is built only when a value changed, so the idle loop allocates
/// nothing. Garbage made there, in every instance, kept the GC promoting young objects and the heap growing.
/// The values are already within their ranges (the wrapper's one sanitizing step): here they only change units.
/// </summary>
internal sealed unsafe class LiveSettingsReader
{
    private readonly double* _params;
    private readonly ParameterBinding _binding;
    private readonly double[] _seen;
    private LiveSettings? _settings;

    public LiveSettingsReader(double* parameters, ParameterBinding binding)
    {
        _params = parameters;
        _binding = binding;
        _seen = new double[binding.SlotCount];
    }

    /// <summary>A parameter's plain value as the wrapper last wrote it (any thread).</summary>
    public double Param(ParameterEntry entry) => Volatile.Read(ref _params[_binding.Slot(entry)]);

    /// <summary>The slot the wrapper gave a parameter (the editor hands it back when the user changes one).</summary>
    public int Slot(ParameterEntry entry) => _binding.Slot(entry);

    /// <summary>The settings the parameters say now: the same object as last time while nothing changed.</summary>
    public LiveSettings Read()
    {
        bool changed = _settings is null;
        for (int i = 0; i < _seen.Length; i++)
        {
            double value = Volatile.Read(ref _params[i]);
            if (value.Equals(_seen[i])) continue;  // Equals: a NaN written twice is no change
            _seen[i] = value;
            changed = true;
        }
        if (changed) _settings = Build();
        return _settings!;
    }

    private LiveSettings Build() => LiveSettings.From(Param);
}
