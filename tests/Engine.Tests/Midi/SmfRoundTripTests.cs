using AiCoPilot.Engine.Midi;

namespace AiCoPilot.Engine.Tests.Midi;

public class SmfRoundTripTests
{
    /// <summary>A random but valid file: every kind of channel message, text, tempo and sysex events, running status.</summary>
    internal static SmfFile RandomFile(Random random)
    {
        int trackCount = random.Next(1, 5);
        var tracks = new List<List<SmfEvent>>();
        for (int t = 0; t < trackCount; t++)
        {
            var events = new List<SmfEvent>();
            long tick = 0;
            int count = random.Next(0, 80);
            for (int i = 0; i < count; i++)
            {
                tick += random.Next(4) == 0 ? 0 : random.Next(0, random.Next(2) == 0 ? 200 : 100_000);
                byte channel = (byte)random.Next(16);
                switch (random.Next(10))
                {
                    case 0: events.Add(SmfEvent.Channel3(tick, (byte)(0x90 | channel), (byte)random.Next(128), (byte)random.Next(1, 128))); break;
                    case 1: events.Add(SmfEvent.Channel3(tick, (byte)(0x80 | channel), (byte)random.Next(128), (byte)random.Next(128))); break;
                    case 2: events.Add(SmfEvent.Channel3(tick, (byte)(0xB0 | channel), (byte)random.Next(128), (byte)random.Next(128))); break;
                    case 3: events.Add(SmfEvent.Channel2(tick, (byte)(0xC0 | channel), (byte)random.Next(128))); break;
                    case 4: events.Add(SmfEvent.Channel2(tick, (byte)(0xD0 | channel), (byte)random.Next(128))); break;
                    case 5: events.Add(SmfEvent.Channel3(tick, (byte)(0xE0 | channel), (byte)random.Next(128), (byte)random.Next(128))); break;
                    case 6: events.Add(SmfEvent.Channel3(tick, (byte)(0xA0 | channel), (byte)random.Next(128), (byte)random.Next(128))); break;
                    case 7:
                        var text = new byte[random.Next(0, random.Next(2) == 0 ? 10 : 300)];
                        random.NextBytes(text);
                        events.Add(SmfEvent.Meta(tick, (byte)random.Next(1, 8), text));
                        break;
                    case 8: events.Add(SmfEvent.Meta(tick, SmfEvent.MetaTempo, new[] { (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(1, 256) })); break;
                    default:
                        var sysex = new byte[random.Next(1, 20)];
                        random.NextBytes(sysex);
                        for (int b = 0; b < sysex.Length; b++) sysex[b] &= 0x7F;
                        sysex[^1] = 0xF7;
                        events.Add(SmfEvent.Sysex(tick, random.Next(4) == 0 ? SmfEvent.SysexEscapeStatus : SmfEvent.SysexStatus, sysex));
                        break;
                }
            }
            if (random.Next(2) == 0) events.Add(SmfEvent.Meta(tick + random.Next(1, 1000), SmfEvent.MetaEndOfTrack, Array.Empty<byte>()));
            tracks.Add(events);
        }
        return new SmfFile(trackCount == 1 && random.Next(2) == 0 ? 0 : 1, random.Next(1, 0x7FFF), tracks);
    }

    [Fact]
    public void Random_valid_files_round_trip_exactly()
    {
        var random = new Random(20261124);
        for (int i = 0; i < 2000; i++)
        {
            var file = RandomFile(random);
            var back = SmfReader.Read(SmfWriter.Write(file));
            Assert.Equal(file.Format, back.Format);
            Assert.Equal(file.TicksPerQuarter, back.TicksPerQuarter);
            Assert.Equal(file.Tracks.Count, back.Tracks.Count);
            for (int t = 0; t < file.Tracks.Count; t++)
                Assert.Equal(file.Tracks[t], back.Tracks[t]);
        }
    }

    [Fact]
    public void Songs_round_trip_through_the_writer()
    {
        var random = new Random(7);
        for (int i = 0; i < 300; i++)
        {
            var song = RandomSong(random);
            var back = MidiSongConverter.FromSmf(SmfReader.Read(Fixtures.Bytes(song)));
            Assert.Equal(song.Tracks.Count, back.Tracks.Count);
            for (int t = 0; t < song.Tracks.Count; t++)
            {
                Assert.Equal(song.Tracks[t].Name, back.Tracks[t].Name);
                Assert.Equal(song.Tracks[t].Notes, back.Tracks[t].Notes);
                Assert.Equal(song.Tracks[t].Controls, back.Tracks[t].Controls);
            }
            Assert.Equal(song.Tempos, back.Tempos);
            Assert.Equal(song.TimeSignatures, back.TimeSignatures);
        }
    }

    /// <summary>A random song without overlapping notes on one pitch (the one case SMF cannot tell apart).</summary>
    internal static MidiSong RandomSong(Random random)
    {
        var song = new MidiSong(random.Next(1, 4) * 240);
        long t0 = 0;
        for (int i = 0; i < random.Next(1, 5); i++) { song.Tempos.Add(new TempoChange(t0, random.Next(200_000, 1_500_000))); t0 += random.Next(1, 5000); }
        song.TimeSignatures.Add(new TimeSignature(0, random.Next(1, 13), 1 << random.Next(1, 4)));
        for (int t = 0; t < random.Next(1, 4); t++)
        {
            var track = new MidiTrack($"Track {t} é");
            var busyUntil = new long[16 * 128];
            for (int n = 0; n < random.Next(0, 60); n++)
            {
                int pitch = random.Next(128), channel = random.Next(16);
                long start = busyUntil[channel * 128 + pitch] + random.Next(0, 2000);
                long length = random.Next(0, 3000);
                busyUntil[channel * 128 + pitch] = start + length + (length == 0 ? 1 : 0);
                track.Notes.Add(new MidiNote(pitch, random.Next(1, 128), channel, start, length));
            }
            for (int c = 0; c < random.Next(0, 10); c++)
                track.Controls.Add(new MidiControlChange(random.Next(0, 5000), random.Next(16), random.Next(128), random.Next(128)));
            track.Notes.Sort(MidiSongConverter.CompareNotes);
            track.Controls.Sort((a, b) => a.Tick.CompareTo(b.Tick));
            song.Tracks.Add(track);
        }
        return song;
    }
}
