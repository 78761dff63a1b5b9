using AiCoPilot.Engine.Midi;
using AiCoPilot.Plugin.Editor;

namespace AiCoPilot.Engine.Tests.Plugin;

/// <summary>The editor writes a take as a .mid file for a drag onto a track or an export.</summary>
public class TakeFilesTests
{
    [Fact]
    public void A_take_is_written_as_a_midi_file_that_reads_back_note_for_note()
    {
        var notes = new[] { new ViewNote(12.5, 0.5, 64, 90), new ViewNote(12, 1, 60, 80), new ViewNote(13, 0.25, 67, 127) };
        string folder = Fixtures.TempDir();
        string path = TakeFiles.Write(notes, 12, 100, take: 1, folder);
        string again = TakeFiles.Write(notes, 12, 100, take: 1, folder);
        Assert.NotEqual(path, again);  // never overwrites a file a host may still use
        Assert.Empty(Directory.GetFiles(folder, "*.part"));
        var song = MidiSong.Load(path);
        var read = song.Tracks.SelectMany(t => t.Notes).OrderBy(n => n.StartTick).ThenBy(n => n.Pitch).ToList();
        Assert.Equal(new[] { 60, 64, 67 }, read.Select(n => (int)n.Pitch));
        Assert.Equal(new long[] { 0, 240, 480 }, read.Select(n => n.StartTick));
        Assert.Equal(new long[] { 480, 240, 120 }, read.Select(n => n.LengthTicks));
        Assert.Equal(600_000, song.Tempos[0].MicrosecondsPerQuarter);
        Assert.Contains("take 2", song.Tracks[0].Name);
    }
}
