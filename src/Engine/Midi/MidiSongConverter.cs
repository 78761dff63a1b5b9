using System.Text;

namespace AiCoPilot.Engine.Midi;

/// <summary>
/// Turns raw SMF events into a <see cref="MidiSong"/> (pairing note-ons with note-offs) and back.
/// Overlapping notes on one pitch and channel pair first-in, first-out; a note still sounding at the end of its
/// track ends at the track's last tick.
/// </summary>
public static class MidiSongConverter
{
    public static MidiSong FromSmf(SmfFile file)
    {
        var song = new MidiSong(file.TicksPerQuarter) { ReadWarnings = file.Warnings };
        for (int t = 0; t < file.Tracks.Count; t++)
            song.Tracks.Add(ReadTrack(file.Tracks[t], t, song));
        return song;
    }

    private static MidiTrack ReadTrack(List<SmfEvent> events, int index, MidiSong song)
    {
        var track = new MidiTrack($"Track {index + 1}");
        var sounding = new Dictionary<int, Queue<(long Tick, int Velocity)>>();
        long lastTick = 0;
        bool named = false;
        foreach (var e in events)
        {
            lastTick = Math.Max(lastTick, e.Tick);
            if (e.IsChannelMessage)
            {
                int key = (e.Channel << 7) | e.Data1;
                switch (e.Kind)
                {
                    case 0x90 when e.Data2 > 0:
                        if (!sounding.TryGetValue(key, out var queue)) sounding[key] = queue = new();
                        queue.Enqueue((e.Tick, e.Data2));
                        break;
                    case 0x80:
                    case 0x90: // velocity 0 kept raw by the reading policy: still ends the note
                        if (sounding.TryGetValue(key, out var open) && open.Count > 0)
                        {
                            var (start, velocity) = open.Dequeue();
                            track.Notes.Add(new MidiNote(e.Data1, velocity, e.Channel, start, e.Tick - start));
                        }
                        break;
                    case 0xB0:
                        track.Controls.Add(new MidiControlChange(e.Tick, e.Channel, e.Data1, e.Data2));
                        break;
                    default:
                        track.OtherEvents.Add(e);
                        break;
                }
            }
            else if (e.IsMeta)
            {
                switch (e.MetaType)
                {
                    case SmfEvent.MetaTrackName when !named:
                        track.Name = SmfReader.DecodeText(e.Payload);
                        named = true;
                        break;
                    case SmfEvent.MetaTempo when e.Payload.Length >= 3:
                        int micros = (e.Payload[0] << 16) | (e.Payload[1] << 8) | e.Payload[2];
                        if (micros > 0) song.Tempos.Add(new TempoChange(e.Tick, micros));
                        break;
                    case SmfEvent.MetaTimeSignature when e.Payload.Length >= 2 && e.Payload[0] > 0 && e.Payload[1] <= 6:
                        song.TimeSignatures.Add(new TimeSignature(e.Tick, e.Payload[0], 1 << e.Payload[1]));
                        break;
                    case SmfEvent.MetaEndOfTrack:
                        break;
                    default:
                        track.OtherEvents.Add(e);
                        break;
                }
            }
            else
            {
                track.OtherEvents.Add(e);
            }
        }
        foreach (var (key, queue) in sounding)
            while (queue.Count > 0)
            {
                var (start, velocity) = queue.Dequeue();
                track.Notes.Add(new MidiNote(key & 0x7F, velocity, key >> 7, start, lastTick - start));
            }
        track.Notes.Sort(CompareNotes);
        return track;
    }

    public static int CompareNotes(MidiNote a, MidiNote b)
    {
        int c = a.StartTick.CompareTo(b.StartTick);
        if (c != 0) return c;
        c = a.Pitch.CompareTo(b.Pitch);
        if (c != 0) return c;
        c = a.Channel.CompareTo(b.Channel);
        return c != 0 ? c : a.LengthTicks.CompareTo(b.LengthTicks);
    }

    /// <summary>Writes a format 1 file: tempo and time signatures in the first track, as most sequencers do.</summary>
    public static SmfFile ToSmf(MidiSong song)
    {
        var tracks = new List<List<SmfEvent>>();
        var conductor = new List<(SmfEvent Event, int Order)>();
        foreach (var tempo in song.Tempos)
        {
            int m = tempo.MicrosecondsPerQuarter;
            conductor.Add((SmfEvent.Meta(tempo.Tick, SmfEvent.MetaTempo, new[] { (byte)(m >> 16), (byte)(m >> 8), (byte)m }), 1));
        }
        foreach (var ts in song.TimeSignatures)
        {
            byte pow = (byte)System.Numerics.BitOperations.Log2((uint)ts.Denominator);
            conductor.Add((SmfEvent.Meta(ts.Tick, SmfEvent.MetaTimeSignature, new byte[] { (byte)ts.Numerator, pow, 24, 8 }), 1));
        }
        for (int t = 0; t < song.Tracks.Count; t++)
        {
            var events = new List<(SmfEvent Event, int Order)>();
            var track = song.Tracks[t];
            events.Add((SmfEvent.Meta(0, SmfEvent.MetaTrackName, Encoding.Latin1.GetBytes(track.Name)), 0));
            if (t == 0) events.AddRange(conductor);
            foreach (var e in track.OtherEvents) events.Add((e, 1));
            foreach (var c in track.Controls)
                events.Add((SmfEvent.Channel3(c.Tick, (byte)(0xB0 | c.Channel), c.Controller, c.Value), 2));
            // Note-offs sort before note-ons at the same tick, so repeated notes on one pitch re-pair the same way.
            foreach (var n in track.Notes)
            {
                events.Add((SmfEvent.Channel3(n.StartTick, (byte)(0x90 | n.Channel), n.Pitch, n.Velocity), 4));
                events.Add((SmfEvent.Channel3(n.EndTick, (byte)(0x80 | n.Channel), n.Pitch, 0), n.LengthTicks == 0 ? 5 : 3));
            }
            var ordered = events.Select((x, i) => (x.Event, x.Order, i)).OrderBy(x => x.Event.Tick).ThenBy(x => x.Order).ThenBy(x => x.i)
                .Select(x => x.Event).ToList();
            // A kept End-of-Track marker belongs last.
            int eot = ordered.FindIndex(e => e.IsMeta && e.MetaType == SmfEvent.MetaEndOfTrack);
            if (eot >= 0)
            {
                var end = ordered[eot];
                ordered.RemoveAt(eot);
                long last = ordered.Count > 0 ? ordered[^1].Tick : 0;
                if (end.Tick > last) ordered.Add(end);
            }
            tracks.Add(ordered);
        }
        if (tracks.Count == 0)
            tracks.Add(conductor.Select(c => c.Event).OrderBy(e => e.Tick).ToList());
        return new SmfFile(1, song.TicksPerQuarter, tracks);
    }
}
