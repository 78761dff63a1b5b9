using AiCoPilot.Engine.Midi;

namespace AiCoPilot.Engine.Tests;

/// <summary>Small songs and files the tests write themselves (no dependency on ../shared).</summary>
public static class Fixtures
{
    /// <summary>../shared/data when this checkout sits beside it, else null.</summary>
    public static string? SharedData
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate) && Directory.Exists(Path.Combine(dir.FullName, "shared", "docs"))) return candidate;
            }
            return null;
        }
    }

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "AiCoPilotPlugin.sln"))) return dir.FullName;
            throw new InvalidOperationException("repository root not found");
        }
    }

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "aicopilot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A one-bar riff (C D E- G E D-) repeated <paramref name="times"/> in 4/4 at 480 PPQ.</summary>
    public static MidiSong Riff(int times = 4, int ppq = 480)
    {
        var song = new MidiSong(ppq);
        song.Tempos.Add(new TempoChange(0, 500_000));
        song.TimeSignatures.Add(new TimeSignature(0, 4, 4));
        var track = new MidiTrack("Lead");
        (int Pitch, int Eighths)[] riff = { (60, 1), (62, 1), (64, 2), (67, 1), (64, 1), (62, 2) };
        long tick = 0;
        for (int r = 0; r < times; r++)
            foreach (var (pitch, eighths) in riff)
            {
                long length = eighths * ppq / 2;
                track.Notes.Add(new MidiNote(pitch, 90, 0, tick, length));
                tick += length;
            }
        song.Tracks.Add(track);
        return song;
    }

    /// <summary>A melody (C major, 8 bars) over a block-chord track, like a Nottingham tune, unnamed tracks.</summary>
    public static MidiSong MelodyOverChords(int ppq = 1024)
    {
        var song = new MidiSong(ppq);
        song.Tempos.Add(new TempoChange(0, 600_000));
        song.TimeSignatures.Add(new TimeSignature(0, 4, 4));
        var melody = new MidiTrack("");
        var chords = new MidiTrack("");
        int[] line = { 64, 67, 72, 71, 69, 67, 65, 64, 62, 65, 69, 67, 65, 64, 62, 60 };
        int[][] progression = { new[] { 48, 52, 55 }, new[] { 53, 57, 60 }, new[] { 55, 59, 62 }, new[] { 48, 52, 55 } };
        for (int bar = 0; bar < 8; bar++)
        {
            for (int q = 0; q < 4; q++)
            {
                int pitch = line[(bar * 4 + q) % line.Length];
                melody.Notes.Add(new MidiNote(pitch, 80, 0, (bar * 4 + q) * (long)ppq, ppq / 2 * 2 - 10));
            }
            foreach (int p in progression[bar % 4])
                chords.Notes.Add(new MidiNote(p, 70, 1, bar * 4L * ppq, 4L * ppq));
        }
        song.Tracks.Add(melody);
        song.Tracks.Add(chords);
        return song;
    }

    /// <summary>The bytes of a song as a Standard MIDI File.</summary>
    public static byte[] Bytes(MidiSong song) => SmfWriter.Write(MidiSongConverter.ToSmf(song));
}
