namespace AiCoPilot.Engine.Live;

public enum ParameterKind { Toggle, List, Integer, Continuous }

/// <summary>Who reads a parameter: each part of the engine's session is given the settings of its group; the
/// wrapper's own parameters (thru, output channel, preview, the trigger and the pedal) never reach the engine's settings.</summary>
public enum ParameterGroup { Listen, Answer, PlayAlong, Wrapper }

/// <summary>One parameter of the plug-in: its stable string ID, kind, plain range, default, group and, for a list, the
/// stable IDs of its entries (saved in projects), in order.</summary>
public sealed record ParameterEntry(string Id, ParameterKind Kind, double Min, double Max, double Default, ParameterGroup Group,
    IReadOnlyList<string>? Entries = null)
{
    /// <summary>The one sanitizing step for a value from outside (the command line, a test): clamped into the
    /// range, whole for toggles, lists and integers, the default for NaN.</summary>
    public double Sanitize(double value)
    {
        if (!double.IsFinite(value)) return Default;
        double v = Math.Clamp(value, Min, Max);
        return Kind == ParameterKind.Continuous ? v : Math.Round(v);
    }
}

/// <summary>
/// The plug-in's parameters as the engine knows them, generated from the one table
/// (src/Wrapper/include/aicp_parameters.def; docs/parameters.md). The plug-in's engine binds each one by string ID to
/// the slot the wrapper gives it, and refuses to start if the wrapper's table differs from this one.
/// </summary>
public static partial class ParameterTable
{
    public static ParameterEntry? Find(string id) => All.FirstOrDefault(e => e.Id == id);
}
