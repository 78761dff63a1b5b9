using System.Buffers.Binary;
using System.Text;

namespace AiCoPilot.Engine.Midi;

/// <summary>
/// Reads Standard MIDI Files (formats 0, 1 and 2) from bytes. Every length is checked against the bytes that exist,
/// so a truncated or hostile file ends in a <see cref="MidiFormatException"/> naming the byte offset: never an endless
/// loop, never an allocation larger than the file, never any other exception. Quirks whose intent is clear are read
/// as the settings say, each kind leaving one line in <see cref="SmfFile.Warnings"/>.
/// </summary>
public static class SmfReader
{
    public static SmfFile ReadFile(string path, MidiReadSettings? settings = null)
    {
        settings ??= MidiReadSettings.Default;
        var info = new FileInfo(path);
        if (info.Exists && info.Length > settings.MaxFileBytes)
            throw new MidiUnsupportedException($"file is {info.Length} bytes, over the limit of {settings.MaxFileBytes}", 0);
        return Read(File.ReadAllBytes(path), settings);
    }

    public static SmfFile Read(ReadOnlySpan<byte> data, MidiReadSettings? settings = null)
    {
        settings ??= MidiReadSettings.Default;
        if (data.Length > settings.MaxFileBytes)
            throw new MidiUnsupportedException($"file is {data.Length} bytes, over the limit of {settings.MaxFileBytes}", 0);

        var (format, declaredTracks, division, headerEnd) = ReadHeader(data, settings);
        var repairs = new ReadRepairs();
        var tracks = new List<List<SmfEvent>>(Math.Min(declaredTracks, 256));
        int position = headerEnd;
        while (position < data.Length)
        {
            if (data.Length - position < 8)
            {
                // Trailing garbage shorter than a chunk header: tolerated, many writers pad files.
                break;
            }
            string id = ChunkId(data.Slice(position, 4));
            long declared = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(position + 4, 4));
            int bodyStart = position + 8;
            long available = data.Length - bodyStart;
            long size = declared;
            if (declared > available)
            {
                if (settings.InvalidChunkSize == InvalidChunkSizePolicy.Abort)
                    throw new MidiChunkSizeException(id, declared, available, position + 4, id == "MTrk" ? tracks.Count : -1);
                size = available;
            }
            if (id == "MTrk")
                tracks.Add(ReadTrack(data.Slice(bodyStart, (int)size), bodyStart, tracks.Count, settings, repairs, truncated: size < declared));
            // Unknown chunk types are skipped, as the SMF specification requires.
            position = bodyStart + (int)size;
        }
        if (format == 0 && tracks.Count > 1)
        {
            if (settings.Format0Tracks == Format0TracksPolicy.Refuse)
                throw new MidiUnsupportedException($"format 0 file holds {tracks.Count} track chunks", 10);
            repairs.Format0Tracks = tracks.Count;
            format = 1;
        }
        return new SmfFile(format, division, tracks, repairs.Lines());
    }

    private static (int Format, int Tracks, int Division, int HeaderEnd) ReadHeader(ReadOnlySpan<byte> data, MidiReadSettings settings)
    {
        if (data.Length < 14)
            throw new MidiHeaderException($"file has {data.Length} bytes, too short for an MThd header (14)", 0);
        if (ChunkId(data[..4]) != "MThd")
            throw new MidiHeaderException("file does not start with 'MThd'", 0);
        long headerLength = BinaryPrimitives.ReadUInt32BigEndian(data.Slice(4, 4));
        if (headerLength < 6)
            throw new MidiHeaderException($"MThd length is {headerLength}, at least 6 expected", 4);
        if (headerLength > data.Length - 8)
            throw new MidiChunkSizeException("MThd", headerLength, data.Length - 8, 4, -1);
        int format = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(8, 2));
        int declaredTracks = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(10, 2));
        int division = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(12, 2));
        if (format > 2)
            throw new MidiUnsupportedException($"SMF format {format} is not defined (0, 1 or 2 expected)", 8);
        if (format == 2 && settings.Format2 == Format2Policy.Refuse)
            throw new MidiUnsupportedException("SMF format 2 (independent sequences) is refused by the reading settings", 8);
        if ((division & 0x8000) != 0)
            throw new MidiUnsupportedException("SMPTE time division is not supported; re-export the file with ticks per quarter note", 12);
        if (division == 0)
            throw new MidiHeaderException("time division is 0 ticks per quarter note", 12);
        return (format, declaredTracks, division, 8 + (int)headerLength);
    }

    private static List<SmfEvent> ReadTrack(ReadOnlySpan<byte> body, int bodyOffset, int trackIndex, MidiReadSettings settings, ReadRepairs repairs, bool truncated)
    {
        // Each event takes at least 2 bytes, so capacity is bounded by the chunk size, never by a declared count.
        var events = new List<SmfEvent>(Math.Min(body.Length / 3 + 1, 4096));
        try
        {
            return ReadEvents(body, bodyOffset, trackIndex, settings, repairs, events);
        }
        catch (MidiFormatException e) when (truncated && e is MidiNotEnoughBytesException or MidiVariableLengthQuantityException)
        {
            // Under InvalidChunkSizePolicy.ReadAvailable the file was cut short: keep the events that are whole.
            return events;
        }
    }

    private static List<SmfEvent> ReadEvents(ReadOnlySpan<byte> body, int bodyOffset, int trackIndex, MidiReadSettings settings, ReadRepairs repairs, List<SmfEvent> events)
    {
        int pos = 0;
        long tick = 0;
        byte runningStatus = 0;
        bool afterMetaOrSysex = false;  // the running status in force was set before a meta or sysex event
        bool sawEndOfTrack = false;
        while (pos < body.Length)
        {
            int eventStart = pos;
            long delta = ReadVlq(body, ref pos, bodyOffset, trackIndex);
            tick += delta;
            if (pos >= body.Length)
                throw new MidiNotEnoughBytesException("event after delta-time", 1, 0, bodyOffset + pos, trackIndex);
            byte status = body[pos];
            if (status < 0x80)
            {
                if (runningStatus == 0)
                    throw new MidiRunningStatusException(status, bodyOffset + pos, trackIndex);
                if (afterMetaOrSysex) repairs.RunningStatusAfterMeta.Add(bodyOffset + pos, trackIndex);
                afterMetaOrSysex = false;
                status = runningStatus;
            }
            else
            {
                afterMetaOrSysex = false;
                pos++;
            }

            if (status is >= 0x80 and < 0xF0)
            {
                runningStatus = status;
                int needed = SmfEvent.DataLength(status);
                if (body.Length - pos < needed)
                    throw new MidiNotEnoughBytesException($"channel message 0x{status:X2}", needed, body.Length - pos, bodyOffset + pos, trackIndex);
                byte d1 = body[pos];
                byte d2 = needed == 2 ? body[pos + 1] : (byte)0;
                if (d1 > 0x7F || d2 > 0x7F)
                    throw new MidiInvalidEventException(status, "data byte above 0x7F", bodyOffset + pos, trackIndex);
                pos += needed;
                if ((status & 0xF0) == 0x90 && d2 == 0 && settings.SilentNoteOn == SilentNoteOnPolicy.NoteOff)
                    events.Add(SmfEvent.Channel3(tick, (byte)(0x80 | (status & 0x0F)), d1, 0));
                else
                    events.Add(needed == 2 ? SmfEvent.Channel3(tick, status, d1, d2) : SmfEvent.Channel2(tick, status, d1));
            }
            else if (status == SmfEvent.MetaStatus)
            {
                // Meta and sysex events cancel running status (SMF 1.0); lenient readers let it run on.
                CancelRunningStatus(settings, ref runningStatus, ref afterMetaOrSysex);
                if (pos >= body.Length)
                    throw new MidiNotEnoughBytesException("meta event type", 1, 0, bodyOffset + pos, trackIndex);
                byte type = body[pos++];
                byte[] payload = ReadPayload(body, ref pos, bodyOffset, trackIndex, "meta event");
                if (type == SmfEvent.MetaEndOfTrack)
                {
                    sawEndOfTrack = true;
                    events.Add(SmfEvent.Meta(tick, type, payload));
                    break;
                }
                events.Add(SmfEvent.Meta(tick, type, payload));
            }
            else if (status is SmfEvent.SysexStatus or SmfEvent.SysexEscapeStatus)
            {
                CancelRunningStatus(settings, ref runningStatus, ref afterMetaOrSysex);
                byte[] payload = ReadPayload(body, ref pos, bodyOffset, trackIndex, "sysex event");
                events.Add(SmfEvent.Sysex(tick, status, payload));
            }
            else
            {
                if (settings.StrayStatusBytes == StrayStatusBytePolicy.Abort)
                    throw new MidiInvalidEventException(status, "system common and real-time messages cannot appear in a file", bodyOffset + pos - 1, trackIndex);
                // Skipped with the data bytes its kind carries (MTC quarter frame and song select 1, song position 2);
                // its delta-time stays counted, so the events after it keep their times.
                repairs.StrayStatusBytes.Add(bodyOffset + pos - 1, trackIndex);
                int data = status switch { 0xF1 or 0xF3 => 1, 0xF2 => 2, _ => 0 };
                for (int i = 0; i < data && pos < body.Length && body[pos] < 0x80; i++) pos++;
            }
        }
        if (!sawEndOfTrack && settings.MissingEndOfTrack == MissingEndOfTrackPolicy.Abort)
            throw new MidiMissingEndOfTrackException(bodyOffset + body.Length, trackIndex);
        // The End-of-Track marker is structural: the writer adds it back. Its tick is kept as the track length.
        if (events.Count > 0 && events[^1].IsMeta && events[^1].MetaType == SmfEvent.MetaEndOfTrack)
        {
            long endTick = events[^1].Tick;
            events.RemoveAt(events.Count - 1);
            long lastTick = events.Count > 0 ? events[^1].Tick : 0;
            if (endTick > lastTick)
                events.Add(SmfEvent.Meta(endTick, SmfEvent.MetaEndOfTrack, Array.Empty<byte>()));
        }
        return events;
    }

    private static void CancelRunningStatus(MidiReadSettings settings, ref byte runningStatus, ref bool afterMetaOrSysex)
    {
        if (settings.RunningStatusAfterMeta == RunningStatusAfterMetaPolicy.Cancel) runningStatus = 0;
        else if (runningStatus != 0) afterMetaOrSysex = true;
    }

    // What the reader repaired, counted per kind with the first place it happened.
    private sealed class ReadRepairs
    {
        public readonly Occurrences StrayStatusBytes = new();
        public readonly Occurrences RunningStatusAfterMeta = new();
        public int Format0Tracks;

        public IReadOnlyList<string> Lines()
        {
            var lines = new List<string>();
            if (StrayStatusBytes.Count > 0)
                lines.Add($"skipped {StrayStatusBytes.Count} system common or real-time byte(s) among the events (first at byte {StrayStatusBytes.FirstOffset}, track {StrayStatusBytes.FirstTrack})");
            if (RunningStatusAfterMeta.Count > 0)
                lines.Add($"running status continued after a meta or sysex event {RunningStatusAfterMeta.Count} time(s) (first at byte {RunningStatusAfterMeta.FirstOffset}, track {RunningStatusAfterMeta.FirstTrack})");
            if (Format0Tracks > 0)
                lines.Add($"format 0 file holds {Format0Tracks} track chunks: read as format 1");
            return lines;
        }
    }

    private sealed class Occurrences
    {
        public int Count;
        public long FirstOffset = -1;
        public int FirstTrack = -1;
        public void Add(long offset, int track)
        {
            if (Count++ == 0) { FirstOffset = offset; FirstTrack = track; }
        }
    }

    private static byte[] ReadPayload(ReadOnlySpan<byte> body, ref int pos, int bodyOffset, int trackIndex, string what)
    {
        int lengthOffset = pos;
        long length = ReadVlq(body, ref pos, bodyOffset, trackIndex);
        if (length > body.Length - pos)
            throw new MidiNotEnoughBytesException(what, length, body.Length - pos, bodyOffset + lengthOffset, trackIndex);
        byte[] payload = body.Slice(pos, (int)length).ToArray();
        pos += (int)length;
        return payload;
    }

    private static long ReadVlq(ReadOnlySpan<byte> body, ref int pos, int bodyOffset, int trackIndex)
    {
        int start = pos;
        long value = 0;
        for (int i = 0; i < 4; i++)
        {
            if (pos >= body.Length)
                throw new MidiNotEnoughBytesException("variable-length quantity", i + 1, 0, bodyOffset + pos, trackIndex);
            byte b = body[pos++];
            value = (value << 7) | (uint)(b & 0x7F);
            if ((b & 0x80) == 0) return value;
        }
        throw new MidiVariableLengthQuantityException(bodyOffset + start, trackIndex);
    }

    private static string ChunkId(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[4];
        for (int i = 0; i < 4; i++) chars[i] = bytes[i] is >= 0x20 and < 0x7F ? (char)bytes[i] : '?';
        return new string(chars);
    }

    /// <summary>Decodes a text meta payload (track names are Latin-1 in practice; invalid bytes never throw).</summary>
    public static string DecodeText(byte[] payload) => Encoding.Latin1.GetString(payload);
}
