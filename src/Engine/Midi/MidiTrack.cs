namespace AiCoPilot.Engine.Midi;

/// <summary>A track of a song: its name, notes, controller changes and every other event kept verbatim.</summary>
public sealed class MidiTrack
{
    public MidiTrack(string name) { Name = name; }

    public string Name { get; set; }
    public List<MidiNote> Notes { get; } = new();
    public List<MidiControlChange> Controls { get; } = new();

    /// <summary>Events the song layer does not model (program changes, pitch bend, text, sysex...), written back as they are.</summary>
    public List<SmfEvent> OtherEvents { get; } = new();
}
