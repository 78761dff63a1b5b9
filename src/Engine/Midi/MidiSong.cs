namespace AiCoPilot.Engine.Midi;

/// <summary>A song in musical terms: tracks of notes, a tempo map and time signatures, at a tick resolution.</summary>
public sealed class MidiSong
{
    public MidiSong(int ticksPerQuarter)
    {
        if (ticksPerQuarter is < 1 or > 0x7FFF) throw new ArgumentOutOfRangeException(nameof(ticksPerQuarter));
        TicksPerQuarter = ticksPerQuarter;
    }

    public int TicksPerQuarter { get; }
    public List<MidiTrack> Tracks { get; } = new();
    public List<TempoChange> Tempos { get; } = new();
    public List<TimeSignature> TimeSignatures { get; } = new();
    /// <summary>What the reader repaired to read this song from its file (<see cref="SmfFile.Warnings"/>).</summary>
    public IReadOnlyList<string> ReadWarnings { get; set; } = Array.Empty<string>();

    public TempoMap BuildTempoMap() => new(TicksPerQuarter, Tempos);

    public long EndTick => Tracks.SelectMany(t => t.Notes).Select(n => n.EndTick).DefaultIfEmpty(0).Max();

    /// <summary>Time signature in force at a tick (4/4 before the first, as the SMF specification says).</summary>
    public TimeSignature TimeSignatureAt(long tick)
    {
        var result = new TimeSignature(0, 4, 4);
        foreach (var ts in TimeSignatures.OrderBy(t => t.Tick))
        {
            if (ts.Tick > tick) break;
            result = ts;
        }
        return result;
    }

    public static MidiSong Load(string path, MidiReadSettings? settings = null) =>
        MidiSongConverter.FromSmf(SmfReader.ReadFile(path, settings));

    public void Save(string path) => SmfWriter.WriteFile(MidiSongConverter.ToSmf(this), path);
}
