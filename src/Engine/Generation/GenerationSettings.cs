using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Music;

namespace AiCoPilot.Engine.Generation;

/// <summary>
/// The controls of a continuation. Values are sanitized once, where they enter: the plug-in's parameters by the
/// wrapper's ParameterStore (docs/parameters.md), settings from the command line or a library caller by
/// <see cref="Sanitized"/>. The generator only checks them (<see cref="Problem"/>) and refuses absurd ones with a
/// clear error instead of clamping a second time.
/// </summary>
public sealed record GenerationSettings
{
    public int Bars { get; init; } = 4;
    public int Variations { get; init; } = 3;
    public GenerationMode Mode { get; init; } = GenerationMode.Melody;
    /// <summary>Divides log-probabilities: below 1 is safer, above 1 is wilder. Range and default are the plug-in
    /// parameter's (ParameterTable.Temperature).</summary>
    public float Temperature { get; init; } = (float)ParameterTable.Temperature.Default;
    /// <summary>Nucleus sampling: only the most likely tokens whose probabilities add up to this are kept.</summary>
    public float TopP { get; init; } = 0.95f;
    /// <summary>Out-of-key pitches and chords are masked, never emitted.</summary>
    public bool KeyLock { get; init; }
    /// <summary>The key for key lock and harmony; null means the one estimated from the player's phrase.</summary>
    public Key? Key { get; init; }
    public int LowestPitch { get; init; } = 36;
    public int HighestPitch { get; init; } = 96;
    /// <summary>0 = sparse, 0.5 = as learned, 1 = dense.</summary>
    public float Density { get; init; } = 0.5f;
    public ulong Seed { get; init; } = 1;
    /// <summary>How much more likely a melody pitch that belongs to the current chord is (Melody mode: the silent chord).</summary>
    public float ChordToneBias { get; init; } = 2f;
    /// <summary>
    /// How likely a later take is to play a pitch an earlier take of the same answer played at the same moment, relative
    /// to the model (1: no steering; the player's style, replaying what it heard, otherwise makes takes near copies).
    /// </summary>
    public float RepeatAcrossTakes { get; init; } = 0.05f;
    /// <summary>
    /// How likely a melody pitch is that would make the take replay 8 consecutive notes of its own prompt (the player's
    /// phrase; transposed or not, with its rhythm), relative to the model: 0 never, 1 no steering. Songs repeat
    /// themselves, but an answer that hands the player back their own phrase gives them no idea. The default is tiny
    /// because the player's style model, blended in, is sure of what it heard: at 0.05 the echo rate did not move
    /// (42 against 43 % of takes), at 0.0005 it is 23 % with idioms still let through, at 0 none (docs/evaluation.md).
    /// </summary>
    public float EchoWeight { get; init; } = DefaultEchoWeight;
    public const float DefaultEchoWeight = 0.0005f;
    /// <summary>Candidates written per take shown (1: no pool, the takes are the candidates; see CandidatePool).</summary>
    public int CandidatesPerTake { get; init; } = 4;
    public const int MaxCandidatesPerTake = 8;

    public const int MaxBars = 64;
    public const int MaxVariations = 16;

    /// <summary>The same settings with absurd values (NaN, infinities, out of range) made safe: the one sanitizing
    /// step for settings that do not come through the plug-in's parameters.</summary>
    public GenerationSettings Sanitized()
    {
        int low = Math.Clamp(LowestPitch, 0, 127), high = Math.Clamp(HighestPitch, 0, 127);
        if (low > high) (low, high) = (high, low);
        if (high - low < 12) { high = Math.Min(127, low + 12); low = Math.Max(0, high - 12); }
        return this with
        {
            Bars = Math.Clamp(Bars, 1, MaxBars),
            Variations = Math.Clamp(Variations, 1, MaxVariations),
            Mode = Enum.IsDefined(Mode) ? Mode : GenerationMode.Melody,
            Temperature = (float)ParameterTable.Temperature.Sanitize(Temperature),
            TopP = Finite(TopP, 0.95f, 0.01f, 1f),
            LowestPitch = low,
            HighestPitch = high,
            Density = Finite(Density, 0.5f, 0f, 1f),
            ChordToneBias = Finite(ChordToneBias, 2f, 1f, 16f),
            RepeatAcrossTakes = Finite(RepeatAcrossTakes, 0.05f, 0f, 1f),
            EchoWeight = Finite(EchoWeight, DefaultEchoWeight, 0f, 1f),
            CandidatesPerTake = Math.Clamp(CandidatesPerTake, 1, MaxCandidatesPerTake),
        };
    }

    /// <summary>What is wrong with these settings, or null when every value is within its range: the first field that
    /// <see cref="Sanitized"/> would change (so the ranges are written once, there).</summary>
    public string? Problem()
    {
        var safe = Sanitized();
        return Differs("bars", Bars, safe.Bars)
            ?? Differs("variations", Variations, safe.Variations)
            ?? Differs("mode", (int)Mode, (int)safe.Mode)
            ?? Differs("temperature", Temperature, safe.Temperature)
            ?? Differs("top-p", TopP, safe.TopP)
            ?? Differs("pitch range", (LowestPitch, HighestPitch), (safe.LowestPitch, safe.HighestPitch))
            ?? Differs("density", Density, safe.Density)
            ?? Differs("chord tone bias", ChordToneBias, safe.ChordToneBias)
            ?? Differs("repeat across takes", RepeatAcrossTakes, safe.RepeatAcrossTakes)
            ?? Differs("echo weight", EchoWeight, safe.EchoWeight)
            ?? Differs("candidates per take", CandidatesPerTake, safe.CandidatesPerTake);
    }

    private static string? Differs<T>(string name, T value, T safe) where T : IEquatable<T> =>
        value.Equals(safe) ? null : $"{name} {Show(value)} out of range (the nearest safe value: {Show(safe)})";

    private static string Show<T>(T value) => value is ValueTuple<int, int> range ? $"{range.Item1}-{range.Item2}" : $"{value}";

    private static float Finite(float value, float fallback, float min, float max) =>
        float.IsFinite(value) ? Math.Clamp(value, min, max) : fallback;
}
