using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Live;
using AiCoPilot.Plugin.Abi;

namespace AiCoPilot.Plugin;

/// <summary>
/// Turns the shared parameter block (written by the wrapper) into the session's <see cref="LiveSettings"/>. The engine
/// thread asks a thousand times a second; a new settings object is built only when a value changed, so the idle loop
/// allocates nothing. Garbage made there, in every instance, kept the GC promoting young objects and the heap growing.
/// </summary>
internal sealed unsafe class LiveSettingsReader
{
    private readonly double* _params;
    private readonly double[] _seen = new double[(int)ParamIndex.Count];
    private LiveSettings? _settings;

    public LiveSettingsReader(double* parameters) => _params = parameters;

    /// <summary>A parameter's plain value as the wrapper last wrote it (any thread).</summary>
    public double Param(ParamIndex index) => Volatile.Read(ref _params[(int)index]);

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

    private LiveSettings Build() => new()
    {
        Enabled = Param(ParamIndex.Enabled) >= 0.5 && Param(ParamIndex.Bypass) < 0.5,
        Mode = (GenerationMode)Math.Clamp((int)Math.Round(Param(ParamIndex.Mode)), 0, 2),
        AutoAnswer = Param(ParamIndex.Auto) >= 0.5,
        Bars = Math.Clamp((int)Math.Round(Param(ParamIndex.Bars)), 1, 16),
        Temperature = (float)Param(ParamIndex.Temperature),
        Density = (float)(Param(ParamIndex.Density) / 100.0),
        KeyLock = Param(ParamIndex.KeyLock) >= 0.5,
        Adaptation = (float)(Param(ParamIndex.Adaptation) / 100.0),
        Variations = Math.Clamp((int)Math.Round(Param(ParamIndex.Variations)), 1, 8),
        SilenceBeats = Math.Clamp(Param(ParamIndex.SilenceBeats), 0.25, 16),
    };
}
