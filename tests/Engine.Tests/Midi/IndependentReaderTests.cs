using System.Diagnostics;
using System.Text.Json;
using AiCoPilot.Engine.Midi;

namespace AiCoPilot.Engine.Tests.Midi;

/// <summary>Our writer's files read identically by python3-mido (Debian's package), an independent reader.</summary>
public class IndependentReaderTests
{
    private const string MidoScript = """
import json, sys, mido
out = []
for path in sys.argv[1:]:
    mid = mido.MidiFile(path)
    tracks = []
    for tr in mid.tracks:
        tick = 0; open_ = {}; notes = []; name = None; tempos = []; sigs = []
        for msg in tr:
            tick += msg.time
            if msg.type == 'track_name' and name is None: name = msg.name
            elif msg.type == 'set_tempo': tempos.append([tick, msg.tempo])
            elif msg.type == 'time_signature': sigs.append([tick, msg.numerator, msg.denominator])
            elif msg.type == 'note_on' and msg.velocity > 0:
                open_.setdefault((msg.channel, msg.note), []).append((tick, msg.velocity))
            elif msg.type in ('note_off', 'note_on'):
                q = open_.get((msg.channel, msg.note))
                if q:
                    s, v = q.pop(0); notes.append([s, tick - s, msg.note, v, msg.channel])
        notes.sort()
        tracks.append({'name': name or '', 'notes': notes, 'tempos': tempos, 'sigs': sigs})
    out.append({'ppq': mid.ticks_per_beat, 'type': mid.type, 'tracks': tracks})
print(json.dumps(out))
""";

    [Fact]
    public void Mido_reads_our_files_identically()
    {
        string dir = Fixtures.TempDir();
        var random = new Random(11);
        var songs = new List<MidiSong> { Fixtures.Riff(), Fixtures.MelodyOverChords() };
        for (int i = 0; i < 20; i++) songs.Add(SmfRoundTripTests.RandomSong(random));
        var paths = new List<string>();
        for (int i = 0; i < songs.Count; i++)
        {
            string path = Path.Combine(dir, $"song{i}.mid");
            songs[i].Save(path);
            paths.Add(path);
        }
        using var json = ReadWithMido(dir, paths);
        for (int i = 0; i < songs.Count; i++)
        {
            var song = songs[i];
            var read = json.RootElement[i];
            Assert.Equal(song.TicksPerQuarter, read.GetProperty("ppq").GetInt32());
            Assert.Equal(1, read.GetProperty("type").GetInt32());
            var tracks = read.GetProperty("tracks");
            Assert.Equal(song.Tracks.Count, tracks.GetArrayLength());
            var tempos = tracks[0].GetProperty("tempos").EnumerateArray().Select(t => new TempoChange(t[0].GetInt64(), t[1].GetInt32())).ToList();
            Assert.Equal(song.Tempos, tempos);
            var sigs = tracks[0].GetProperty("sigs").EnumerateArray().Select(t => new TimeSignature(t[0].GetInt64(), t[1].GetInt32(), t[2].GetInt32())).ToList();
            Assert.Equal(song.TimeSignatures, sigs);
            for (int t = 0; t < song.Tracks.Count; t++)
            {
                var expected = song.Tracks[t].Notes.OrderBy(n => n.StartTick).ThenBy(n => n.LengthTicks).ThenBy(n => n.Pitch).ThenBy(n => n.Velocity).ThenBy(n => n.Channel)
                    .Select(n => $"{n.StartTick}/{n.LengthTicks}/{n.Pitch}/{n.Velocity}/{n.Channel}").ToList();
                var actual = tracks[t].GetProperty("notes").EnumerateArray()
                    .Select(n => $"{n[0].GetInt64()}/{n[1].GetInt64()}/{n[2].GetInt32()}/{n[3].GetInt32()}/{n[4].GetInt32()}").ToList();
                Assert.Equal(expected, actual);
                Assert.Equal(song.Tracks[t].Name, tracks[t].GetProperty("name").GetString());
            }
        }
    }

    private static JsonDocument ReadWithMido(string dir, IEnumerable<string> paths)
    {
        string script = Path.Combine(dir, "read.py");
        File.WriteAllText(script, MidoScript);
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        foreach (var p in paths) psi.ArgumentList.Add(p);
        using var process = Process.Start(psi)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python3-mido must be installed (apt-get install python3-mido): {stderr}");
        return JsonDocument.Parse(stdout);
    }

    [Fact]
    public void Files_mido_reads_despite_their_quirks_read_the_same_here_with_a_warning()
    {
        string dir = Fixtures.TempDir();
        var files = new[] { SmfReaderTests.StrayStatusBytesFile(), SmfReaderTests.RunningStatusAfterMetaFile(), SmfReaderTests.Format0WithTwoTracksFile() };
        var paths = new List<string>();
        for (int i = 0; i < files.Length; i++)
        {
            paths.Add(Path.Combine(dir, $"quirk{i}.mid"));
            File.WriteAllBytes(paths[^1], files[i]);
        }
        using var json = ReadWithMido(dir, paths);
        for (int i = 0; i < files.Length; i++)
        {
            var file = SmfReader.Read(files[i]);
            Assert.NotEmpty(file.Warnings);
            var song = MidiSongConverter.FromSmf(file);
            var tracks = json.RootElement[i].GetProperty("tracks");
            Assert.Equal(song.Tracks.Count, tracks.GetArrayLength());
            for (int t = 0; t < song.Tracks.Count; t++)
            {
                var expected = song.Tracks[t].Notes.OrderBy(n => n.StartTick).ThenBy(n => n.Pitch)
                    .Select(n => $"{n.StartTick}/{n.LengthTicks}/{n.Pitch}/{n.Velocity}/{n.Channel}").ToList();
                var actual = tracks[t].GetProperty("notes").EnumerateArray()
                    .Select(n => $"{n[0].GetInt64()}/{n[1].GetInt64()}/{n[2].GetInt32()}/{n[3].GetInt32()}/{n[4].GetInt32()}").ToList();
                Assert.Equal(actual, expected);
            }
        }
    }
}
