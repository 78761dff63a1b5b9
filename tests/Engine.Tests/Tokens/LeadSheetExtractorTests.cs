using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Tests.Tokens;

public class LeadSheetExtractorTests
{
    [Fact]
    public void Nottingham_layout_takes_the_monophonic_top_track_and_recognizes_block_chords()
    {
        var extraction = LeadSheetExtractor.Extract(Fixtures.MelodyOverChords());
        Assert.Contains("highest monophonic", extraction.MelodySource);
        Assert.Equal("recognized from other tracks", extraction.ChordSource);
        var chords = extraction.Sheet.Chords.Select(c => (c.Step, c.Chord.ToString(), c.DurationSteps)).Take(4).ToList();
        Assert.Equal(new[] { (0, "C", 16), (16, "F", 16), (32, "G", 16), (48, "C", 16) }, chords);
        Assert.All(extraction.Sheet.Melody, n => Assert.InRange(n.Pitch, 60, 72));
    }

    [Fact]
    public void Pop909_layout_uses_the_named_melody_the_chord_labels_and_the_beat_table()
    {
        string dir = Fixtures.TempDir();
        // 480 PPQ at 120 BPM: a beat is 0.5 s; beats start at 0.25 s (tick 240) and the first downbeat follows a one-beat pickup.
        var song = new MidiSong(480);
        song.Tempos.Add(new TempoChange(0, 500_000));
        song.TimeSignatures.Add(new TimeSignature(0, 1, 4)); // POP909's unreliable 1/4
        var melody = new MidiTrack("MELODY");
        var bridge = new MidiTrack("BRIDGE");
        var piano = new MidiTrack("PIANO");
        for (int i = 0; i < 12; i++) melody.Notes.Add(new MidiNote(72 + i % 5, 90, 0, 240 + i * 480, 400));
        bridge.Notes.Add(new MidiNote(84, 60, 0, 240, 480));
        for (int i = 0; i < 12; i++) piano.Notes.Add(new MidiNote(40, 60, 0, 240 + i * 480, 480));
        song.Tracks.AddRange(new[] { melody, bridge, piano });
        string path = Path.Combine(dir, "001.mid");
        song.Save(path);
        var beats = Enumerable.Range(0, 14).Select(b => $"{0.25 + b * 0.5:F6} 0.0 {((b % 4 == 1) ? "1.0" : "0.0")}");
        File.WriteAllLines(Path.Combine(dir, "beat_midi.txt"), beats);
        File.WriteAllLines(Path.Combine(dir, "chord_midi.txt"), new[] { "0.25 0.75 N", "0.75 2.75 A:min7", "2.75 4.75 F:maj6/3", "4.75 6.75 G:sus4(b7)" });

        var extraction = LeadSheetExtractor.Extract(MidiSong.Load(path), path);
        Assert.Contains("MELODY", extraction.MelodySource);
        Assert.Equal("chord_midi.txt", extraction.ChordSource);
        var sheet = extraction.Sheet;
        Assert.Equal(new LeadBar(0, 1, 4), sheet.Bars[0]);              // pickup beat
        Assert.Equal(new LeadBar(4, 4, 4), sheet.Bars[1]);              // first 4/4 bar from the downbeat column
        Assert.Equal(0, sheet.Melody[0].Step);                          // first note on the first listed beat
        Assert.Equal(4, sheet.Melody[1].Step);
        Assert.Equal(12, sheet.Melody.Count);                           // the BRIDGE note is not melody
        Assert.Equal(new[] { "Am7", "F", "G7" }, sheet.Chords.Select(c => c.Chord.ToString()).ToArray());
        Assert.Equal(new[] { 4, 20, 36 }, sheet.Chords.Select(c => c.Step).ToArray());
    }

    [Fact]
    public void Polyphonic_single_track_gives_the_skyline_as_melody()
    {
        var song = new MidiSong(480);
        var piano = new MidiTrack("Piano");
        for (int beat = 0; beat < 8; beat++)
            foreach (int p in new[] { 48, 52, 55, 72 + beat })
                piano.Notes.Add(new MidiNote(p, 80, 0, beat * 480L, 480));
        song.Tracks.Add(piano);
        var extraction = LeadSheetExtractor.Extract(song);
        Assert.Contains("skyline", extraction.MelodySource);
        Assert.Equal(Enumerable.Range(72, 8), extraction.Sheet.Melody.Select(n => n.Pitch));
        Assert.All(extraction.Sheet.Chords, c => Assert.Equal("C", c.Chord.ToString()));
    }

    [Fact]
    public void Drums_are_never_melody()
    {
        var song = new MidiSong(480);
        var drums = new MidiTrack("Lead drums");
        for (int i = 0; i < 8; i++) drums.Notes.Add(new MidiNote(42, 100, 9, i * 240L, 100));
        var bass = new MidiTrack("Bass");
        for (int i = 0; i < 4; i++) bass.Notes.Add(new MidiNote(36 + i, 100, 1, i * 480L, 400));
        song.Tracks.Add(drums);
        song.Tracks.Add(bass);
        var extraction = LeadSheetExtractor.Extract(song);
        Assert.Equal(new[] { 36, 37, 38, 39 }, extraction.Sheet.Melody.Select(n => n.Pitch));
    }

    [Fact]
    public void Meter_change_in_mid_bar_cuts_the_bar_short()
    {
        var song = new MidiSong(480);
        song.TimeSignatures.Add(new TimeSignature(0, 4, 4));
        song.TimeSignatures.Add(new TimeSignature(480 * 6, 3, 4)); // after one and a half 4/4 bars
        var t = new MidiTrack("Lead");
        t.Notes.Add(new MidiNote(60, 90, 0, 480 * 12, 480));
        song.Tracks.Add(t);
        var bars = LeadSheetExtractor.Extract(song).Sheet.Bars;
        Assert.Equal(new LeadBar(0, 4, 4), bars[0]);
        Assert.Equal(new LeadBar(16, 2, 4), bars[1]);
        Assert.Equal(new LeadBar(24, 3, 4), bars[2]);
    }

    [Theory]
    [InlineData("C:maj", "C")]
    [InlineData("Bb:min7/b3", "Bbm7")]
    [InlineData("F#:sus4(b7)", "F#7")]
    [InlineData("Db:hdim7", "C#m7b5")]
    [InlineData("E:minmaj7", "Em")]
    public void Harte_labels_parse_to_the_vocabulary(string label, string expected)
    {
        Assert.True(ChordSymbol.TryParseHarte(label, out var chord));
        Assert.Equal(expected, chord.ToString());
    }

    [Fact]
    public void No_chord_label_and_garbage_are_not_chords()
    {
        Assert.False(ChordSymbol.TryParseHarte("N", out _));
        Assert.False(ChordSymbol.TryParseHarte("H:maj", out _));
        Assert.False(ChordSymbol.TryParseHarte("C:weird", out _));
    }
}
