using AiCoPilot.Engine.Midi;

namespace AiCoPilot.Engine.Tests.Midi;

public class SmfReaderTests
{
    private static byte[] Header(int format, int tracks, int division) =>
        new byte[] { (byte)'M', (byte)'T', (byte)'h', (byte)'d', 0, 0, 0, 6, 0, (byte)format, 0, (byte)tracks, (byte)(division >> 8), (byte)division };

    private static byte[] Track(params byte[] body)
    {
        var chunk = new List<byte> { (byte)'M', (byte)'T', (byte)'r', (byte)'k', 0, 0, (byte)(body.Length >> 8), (byte)body.Length };
        chunk.AddRange(body);
        return chunk.ToArray();
    }

    private static byte[] File(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    [Fact]
    public void Reads_running_status_meta_sysex_and_silent_note_on()
    {
        var data = File(Header(0, 1, 96), Track(
            0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,      // tempo 500000
            0x00, 0x90, 60, 100,                            // note on
            0x30, 62, 90,                                   // running status note on
            0x30, 60, 0,                                    // running status, velocity 0 = note off
            0x00, 0xF0, 0x03, 0x7E, 0x01, 0xF7,             // sysex
            0x10, 0x90, 62, 0,                              // explicit status again after sysex
            0x00, 0xFF, 0x2F, 0x00));
        var smf = SmfReader.Read(data);
        Assert.Equal(0, smf.Format);
        Assert.Equal(96, smf.TicksPerQuarter);
        var events = smf.Tracks[0];
        Assert.Equal(6, events.Count);
        Assert.Equal(0x80, events[3].Kind);            // the velocity-0 note-on became a note-off
        Assert.Equal(96, events[3].Tick);
        Assert.True(events[4].IsSysex);
        Assert.Equal(new byte[] { 0x7E, 0x01, 0xF7 }, events[4].Payload);

        var song = MidiSongConverter.FromSmf(smf);
        Assert.Equal(2, song.Tracks[0].Notes.Count);
        Assert.Equal(new MidiNote(60, 100, 0, 0, 96), song.Tracks[0].Notes[0]);
        Assert.Equal(new MidiNote(62, 90, 0, 48, 64), song.Tracks[0].Notes[1]);
        Assert.Equal(500_000, song.Tempos.Single().MicrosecondsPerQuarter);
    }

    [Fact]
    public void Silent_note_on_can_be_kept_raw_and_still_ends_the_note()
    {
        var data = File(Header(0, 1, 96), Track(0x00, 0x90, 60, 100, 0x60, 0x90, 60, 0, 0x00, 0xFF, 0x2F, 0x00));
        var smf = SmfReader.Read(data, new MidiReadSettings { SilentNoteOn = SilentNoteOnPolicy.KeepRaw });
        Assert.Equal(0x90, smf.Tracks[0][1].Kind);
        Assert.Equal(96, MidiSongConverter.FromSmf(smf).Tracks[0].Notes.Single().LengthTicks);
    }

    [Fact]
    public void Overlapping_notes_on_one_pitch_pair_first_in_first_out()
    {
        var data = File(Header(0, 1, 100), Track(
            0x00, 0x90, 60, 100, 0x0A, 0x90, 60, 50, 0x0A, 0x80, 60, 0, 0x0A, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00));
        var notes = MidiSongConverter.FromSmf(SmfReader.Read(data)).Tracks[0].Notes;
        Assert.Equal(new MidiNote(60, 100, 0, 0, 20), notes[0]);
        Assert.Equal(new MidiNote(60, 50, 0, 10, 20), notes[1]);
    }

    [Fact]
    public void Unterminated_note_ends_at_the_last_tick_of_its_track()
    {
        var data = File(Header(0, 1, 100), Track(0x00, 0x90, 60, 100, 0x40, 0xFF, 0x2F, 0x00));
        Assert.Equal(64, MidiSongConverter.FromSmf(SmfReader.Read(data)).Tracks[0].Notes.Single().LengthTicks);
    }

    [Fact]
    public void Smpte_division_is_refused_clearly()
    {
        var e = Assert.Throws<MidiUnsupportedException>(() => SmfReader.Read(File(Header(1, 1, 0xE728), Track(0x00, 0xFF, 0x2F, 0x00))));
        Assert.Contains("SMPTE", e.Message);
        Assert.Equal(12, e.Offset);
    }

    [Fact]
    public void Format_2_reads_as_separate_sequences_or_is_refused_by_policy()
    {
        var data = File(Header(2, 2, 96), Track(0x00, 0x90, 60, 1, 0x10, 0x80, 60, 0), Track(0x00, 0x90, 62, 1, 0x10, 0x80, 62, 0));
        Assert.Equal(2, SmfReader.Read(data).Tracks.Count);
        Assert.Throws<MidiUnsupportedException>(() => SmfReader.Read(data, new MidiReadSettings { Format2 = Format2Policy.Refuse }));
    }

    [Fact]
    public void Chunk_longer_than_the_file_names_the_offset_or_reads_what_exists()
    {
        var data = File(Header(0, 1, 96), Track(0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00));
        var truncated = data[..^6];
        var e = Assert.Throws<MidiChunkSizeException>(() => SmfReader.Read(truncated));
        Assert.Equal(18, e.Offset);
        Assert.Equal("MTrk", e.ChunkId);
        Assert.Equal(12, e.DeclaredSize);
        Assert.Equal(6, e.AvailableSize);
        var lenient = SmfReader.Read(truncated, new MidiReadSettings { InvalidChunkSize = InvalidChunkSizePolicy.ReadAvailable });
        Assert.Single(lenient.Tracks[0]);
    }

    [Fact]
    public void Meta_length_beyond_the_track_is_a_typed_error_not_an_allocation()
    {
        // A meta event declaring 0x0FFFFFFF bytes inside a 10-byte track.
        var data = File(Header(0, 1, 96), Track(0x00, 0xFF, 0x01, 0xFF, 0xFF, 0xFF, 0x7F, 0x41, 0x42, 0x43));
        var e = Assert.Throws<MidiNotEnoughBytesException>(() => SmfReader.Read(data));
        Assert.Equal(0x0FFFFFFF, e.ExpectedCount);
        Assert.Equal(0, e.TrackIndex);
        Assert.Equal(14 + 8 + 3, e.Offset);
    }

    [Fact]
    public void Variable_length_quantity_over_four_bytes_is_refused()
    {
        var data = File(Header(0, 1, 96), Track(0x81, 0x81, 0x81, 0x81, 0x01, 0x90, 60, 1));
        Assert.IsType<MidiVariableLengthQuantityException>(Assert.ThrowsAny<MidiFormatException>(() => SmfReader.Read(data)));
    }

    [Fact]
    public void Data_byte_without_running_status_is_refused()
    {
        var e = Assert.Throws<MidiRunningStatusException>(() => SmfReader.Read(File(Header(0, 1, 96), Track(0x00, 0x3C, 0x40))));
        Assert.Equal(0x3C, e.DataByte);
        Assert.Equal(23, e.Offset);
    }

    // A clock byte (0xF8) recorded from hardware and an MTC quarter frame (0xF1 + 1 data byte) among the notes.
    internal static byte[] StrayStatusBytesFile() => File(Header(0, 1, 96), Track(
        0x00, 0x90, 60, 90,
        0x10, 0xF8,
        0x10, 0xF1, 0x23,
        0x10, 0x80, 60, 0,
        0x00, 0xFF, 0x2F, 0x00));

    // A note-on, a marker meta event, then data bytes that rely on the note-on's running status.
    internal static byte[] RunningStatusAfterMetaFile() => File(Header(0, 1, 96), Track(
        0x00, 0x90, 60, 90,
        0x00, 0xFF, 0x06, 0x01, (byte)'A',
        0x30, 62, 90,
        0x30, 60, 0,
        0x00, 62, 0,
        0x00, 0xFF, 0x2F, 0x00));

    // Format 0 with two track chunks.
    internal static byte[] Format0WithTwoTracksFile() => File(Header(0, 2, 96),
        Track(0x00, 0x90, 60, 90, 0x60, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00),
        Track(0x00, 0x91, 64, 80, 0x60, 0x81, 64, 0, 0x00, 0xFF, 0x2F, 0x00));

    [Fact]
    public void Stray_system_bytes_are_skipped_with_a_warning_and_refused_when_strict()
    {
        var file = SmfReader.Read(StrayStatusBytesFile());
        var song = MidiSongConverter.FromSmf(file);
        var note = Assert.Single(song.Tracks[0].Notes);
        Assert.Equal(0x30, note.LengthTicks);  // the skipped bytes' delta-times still count
        Assert.Contains("skipped 2 system common or real-time byte(s)", Assert.Single(file.Warnings));
        var e = Assert.Throws<MidiInvalidEventException>(() => SmfReader.Read(StrayStatusBytesFile(), MidiReadSettings.Strict));
        Assert.Equal(14 + 8 + 5, e.Offset);  // the 0xF8 byte itself
    }

    [Fact]
    public void Running_status_continues_after_a_meta_event_with_a_warning_and_is_refused_when_strict()
    {
        var file = SmfReader.Read(RunningStatusAfterMetaFile());
        var notes = MidiSongConverter.FromSmf(file).Tracks[0].Notes;
        Assert.Equal(new[] { 60, 62 }, notes.Select(n => (int)n.Pitch).OrderBy(p => p));
        Assert.Contains("running status continued after a meta or sysex event 1 time(s)", Assert.Single(file.Warnings));
        Assert.Throws<MidiRunningStatusException>(() => SmfReader.Read(RunningStatusAfterMetaFile(), MidiReadSettings.Strict));
    }

    [Fact]
    public void Format_0_with_several_tracks_reads_as_format_1_with_a_warning_and_is_refused_when_strict()
    {
        var file = SmfReader.Read(Format0WithTwoTracksFile());
        Assert.Equal(1, file.Format);
        Assert.Equal(2, file.Tracks.Count);
        Assert.Contains("read as format 1", Assert.Single(file.Warnings));
        Assert.Throws<MidiUnsupportedException>(() => SmfReader.Read(Format0WithTwoTracksFile(), MidiReadSettings.Strict));
    }

    [Fact]
    public void A_clean_file_has_no_warnings_and_corrupt_data_stays_a_typed_error()
    {
        Assert.Empty(SmfReader.Read(File(Header(0, 1, 96), Track(0x00, 0x90, 60, 90, 0x10, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00))).Warnings);
        var e = Assert.Throws<MidiInvalidEventException>(() => SmfReader.Read(File(Header(0, 1, 96), Track(0x00, 0x90, 0xC0, 90))));
        Assert.Equal(14 + 8 + 2, e.Offset);
    }

    [Fact]
    public void Missing_end_of_track_is_accepted_by_default_and_refused_by_policy()
    {
        var data = File(Header(0, 1, 96), Track(0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0));
        Assert.Equal(2, SmfReader.Read(data).Tracks[0].Count);
        Assert.Throws<MidiMissingEndOfTrackException>(() => SmfReader.Read(data, new MidiReadSettings { MissingEndOfTrack = MissingEndOfTrackPolicy.Abort }));
    }

    [Fact]
    public void Header_problems_are_header_errors()
    {
        Assert.Throws<MidiHeaderException>(() => SmfReader.Read(Array.Empty<byte>()));
        Assert.Throws<MidiHeaderException>(() => SmfReader.Read("RIFF0000000000"u8.ToArray()));
        Assert.Throws<MidiUnsupportedException>(() => SmfReader.Read(Header(3, 0, 96)));
        Assert.Throws<MidiHeaderException>(() => SmfReader.Read(Header(0, 0, 0)));
    }

    [Fact]
    public void Unknown_chunks_are_skipped()
    {
        var alien = new byte[] { (byte)'X', (byte)'F', (byte)'I', (byte)'H', 0, 0, 0, 2, 1, 2 };
        var data = File(Header(1, 1, 96), alien, Track(0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0, 0x00, 0xFF, 0x2F, 0x00));
        Assert.Single(SmfReader.Read(data).Tracks);
    }
}
