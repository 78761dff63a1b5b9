using System.Buffers.Binary;

namespace AiCoPilot.Engine.Midi;

/// <summary>Writes <see cref="SmfFile"/>s as Standard MIDI Files, with running status for channel messages.</summary>
public static class SmfWriter
{
    public static void WriteFile(SmfFile file, string path)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        // Write to a temporary file first so an interrupted write never destroys an existing file.
        string temp = path + ".tmp";
        File.WriteAllBytes(temp, Write(file));
        File.Move(temp, path, overwrite: true);
    }

    public static byte[] Write(SmfFile file)
    {
        if (file.Format == 0 && file.Tracks.Count != 1)
            throw new ArgumentException($"format 0 needs exactly one track, got {file.Tracks.Count}");
        using var stream = new MemoryStream();
        Span<byte> header = stackalloc byte[14];
        "MThd"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], 6);
        BinaryPrimitives.WriteUInt16BigEndian(header[8..], (ushort)file.Format);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], (ushort)file.Tracks.Count);
        BinaryPrimitives.WriteUInt16BigEndian(header[12..], (ushort)file.TicksPerQuarter);
        stream.Write(header);
        foreach (var track in file.Tracks)
            WriteTrack(stream, track);
        return stream.ToArray();
    }

    private static void WriteTrack(Stream output, List<SmfEvent> events)
    {
        using var body = new MemoryStream();
        long tick = 0;
        byte runningStatus = 0;
        bool wroteEnd = false;
        foreach (var e in events)
        {
            if (e.Tick < tick)
                throw new ArgumentException($"track events are not in time order (tick {e.Tick} after {tick})");
            long delta = e.Tick - tick;
            if (delta > VariableLengthQuantity.MaxValue)
                throw new ArgumentException($"delta time {delta} exceeds the SMF maximum");
            VariableLengthQuantity.Write(body, (int)delta);
            tick = e.Tick;
            if (e.IsChannelMessage)
            {
                if (e.Status != runningStatus) body.WriteByte(e.Status);
                runningStatus = e.Status;
                body.WriteByte(e.Data1);
                if (SmfEvent.DataLength(e.Status) == 2) body.WriteByte(e.Data2);
            }
            else if (e.IsMeta)
            {
                runningStatus = 0;
                body.WriteByte(SmfEvent.MetaStatus);
                body.WriteByte(e.MetaType);
                VariableLengthQuantity.Write(body, e.Payload.Length);
                body.Write(e.Payload);
                if (e.MetaType == SmfEvent.MetaEndOfTrack) { wroteEnd = true; break; }
            }
            else if (e.IsSysex)
            {
                runningStatus = 0;
                body.WriteByte(e.Status);
                VariableLengthQuantity.Write(body, e.Payload.Length);
                body.Write(e.Payload);
            }
            else
            {
                throw new ArgumentException($"event with status 0x{e.Status:X2} cannot be written to a file");
            }
        }
        if (!wroteEnd)
        {
            body.WriteByte(0);
            body.WriteByte(SmfEvent.MetaStatus);
            body.WriteByte(SmfEvent.MetaEndOfTrack);
            body.WriteByte(0);
        }
        Span<byte> chunkHeader = stackalloc byte[8];
        "MTrk"u8.CopyTo(chunkHeader);
        BinaryPrimitives.WriteUInt32BigEndian(chunkHeader[4..], (uint)body.Length);
        output.Write(chunkHeader);
        body.Position = 0;
        body.CopyTo(output);
    }
}
