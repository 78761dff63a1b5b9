namespace AiCoPilot.Engine.Midi;

/// <summary>A Standard MIDI File as chunks and events: the exact layer the reader produces and the writer consumes.</summary>
public sealed class SmfFile
{
    public SmfFile(int format, int ticksPerQuarter, List<List<SmfEvent>> tracks, IReadOnlyList<string>? warnings = null)
    {
        Warnings = warnings ?? Array.Empty<string>();
        if (format is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(format));
        if (ticksPerQuarter is < 1 or > 0x7FFF) throw new ArgumentOutOfRangeException(nameof(ticksPerQuarter));
        Format = format;
        TicksPerQuarter = ticksPerQuarter;
        Tracks = tracks;
    }

    public int Format { get; }
    public int TicksPerQuarter { get; }

    /// <summary>Events per track in file order, absolute ticks, End-of-Track excluded (the writer adds it).</summary>
    public List<List<SmfEvent>> Tracks { get; }

    /// <summary>What the reader repaired to read the file (one line per kind of repair), empty for a clean file.</summary>
    public IReadOnlyList<string> Warnings { get; }
}
