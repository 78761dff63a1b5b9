using System.Collections;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Generation;

/// <summary>
/// The notes (onset step and pitch) that the earlier takes of one answer played, so a later take can be steered away
/// from repeating them note for note. A bit per step and pitch, allocated once: looking one up allocates nothing.
/// </summary>
public sealed class EarlierTakes
{
    private const int MaxSteps = GenerationSettings.MaxBars * TokenVocabulary.MaxBarSteps;
    private readonly BitArray _earlier = new(MaxSteps * 128);
    private readonly BitArray _current = new(MaxSteps * 128);
    private int _startStep;

    /// <summary>A new answer starting at <paramref name="startStep"/>: nothing played yet.</summary>
    public void NewAnswer(int startStep)
    {
        _startStep = startStep;
        _earlier.SetAll(false);
        _current.SetAll(false);
    }

    /// <summary>The take being written is done; its notes now count as earlier ones.</summary>
    public void NextTake()
    {
        _earlier.Or(_current);
        _current.SetAll(false);
    }

    public void Played(int step, int pitch)
    {
        int index = Index(step, pitch);
        if (index < 0) return;
        if (SharedAtOnce) _earlier[index] = true;
        else _current[index] = true;
    }

    /// <summary>For takes written side by side (a pool in one batch): each take's notes count for the others as soon
    /// as they are played, not when the take is done.</summary>
    public bool SharedAtOnce { get; init; }

    /// <summary>A note of a take written before (the one that streamed), to steer away from.</summary>
    public void PlayedBefore(int step, int pitch)
    {
        int index = Index(step, pitch);
        if (index >= 0) _earlier[index] = true;
    }

    /// <summary>True when an earlier take of this answer played <paramref name="pitch"/> at <paramref name="step"/>.</summary>
    public bool Contains(int step, int pitch)
    {
        int index = Index(step, pitch);
        return index >= 0 && _earlier[index];
    }

    private int Index(int step, int pitch)
    {
        int offset = step - _startStep;
        return (uint)offset < MaxSteps && (uint)pitch < 128 ? offset * 128 + pitch : -1;
    }
}
