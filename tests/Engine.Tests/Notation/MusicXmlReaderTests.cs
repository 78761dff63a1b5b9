using System.IO.Compression;
using System.Text;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Notation;
using AiCoPilot.Engine.Offline;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Tests.Notation;

public class MusicXmlReaderTests
{
    // A lead sheet with what real files hold: an external DTD, a pickup, a tie across a bar line, a chord of two notes,
    // a second voice after <backup>, chord symbols with an alteration and an offset, N.C. ("none") and a meter change.
    private const string LeadSheetXml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE score-partwise PUBLIC "-//Recordare//DTD MusicXML 3.1 Partwise//EN" "http://www.musicxml.org/dtds/partwise.dtd">
        <score-partwise version="3.1">
          <part-list><score-part id="P1"><part-name>Voice</part-name></score-part></part-list>
          <part id="P1">
            <measure number="0" implicit="yes">
              <attributes><divisions>2</divisions><time><beats>4</beats><beat-type>4</beat-type></time></attributes>
              <note><pitch><step>G</step><octave>4</octave></pitch><duration>2</duration><voice>1</voice></note>
            </measure>
            <measure number="1">
              <harmony><root><root-step>C</root-step></root><kind>major</kind></harmony>
              <note><pitch><step>C</step><octave>5</octave></pitch><duration>4</duration><voice>1</voice></note>
              <harmony><root><root-step>B</root-step><root-alter>-1</root-alter></root><kind>dominant</kind><offset>2</offset></harmony>
              <note><pitch><step>E</step><octave>5</octave></pitch><duration>2</duration><voice>1</voice></note>
              <note><chord/><pitch><step>G</step><octave>5</octave></pitch><duration>2</duration><voice>1</voice></note>
              <note><pitch><step>F</step><alter>1</alter><octave>5</octave></pitch><duration>2</duration><voice>1</voice>
                <tie type="start"/></note>
              <backup><duration>8</duration></backup>
              <note><pitch><step>C</step><octave>3</octave></pitch><duration>8</duration><voice>2</voice></note>
            </measure>
            <measure number="2">
              <harmony><root><root-step>A</root-step></root><kind>minor-seventh</kind></harmony>
              <note><pitch><step>F</step><alter>1</alter><octave>5</octave></pitch><duration>2</duration><voice>1</voice>
                <tie type="stop"/></note>
              <note><rest/><duration>2</duration><voice>1</voice></note>
              <harmony><root><root-step>C</root-step></root><kind>none</kind></harmony>
              <note><grace/><pitch><step>D</step><octave>5</octave></pitch><voice>1</voice></note>
              <note><pitch><step>D</step><octave>5</octave></pitch><duration>4</duration><voice>1</voice></note>
            </measure>
            <measure number="3">
              <attributes><time><beats>6</beats><beat-type>8</beat-type></time></attributes>
              <harmony><root><root-step>D</root-step></root><kind>major</kind></harmony>
              <note><pitch><step>D</step><octave>4</octave></pitch><duration>6</duration><voice>1</voice></note>
            </measure>
          </part>
        </score-partwise>
        """;

    private static LeadSheet ReadText(string xml) => MusicXmlReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    [Fact]
    public void Reads_melody_chords_and_bars_of_a_lead_sheet()
    {
        var sheet = ReadText(LeadSheetXml);

        // The pickup fills the last beat of a full first bar; the 6/8 bar is 12 sixteenths.
        Assert.Equal(new[] { (0, 4, 4), (16, 4, 4), (32, 4, 4), (48, 6, 8) }, sheet.Bars.Select(b => (b.StartStep, b.Numerator, b.Denominator)));
        var melody = sheet.Melody.Select(n => (n.Step, n.Pitch, n.DurationSteps)).ToList();
        Assert.Equal(new[]
        {
            (12, 67, 4),       // pickup G4
            (16, 72, 8),       // C5, half note
            (24, 79, 4),       // the top of E5+G5
            (28, 78, 8),       // F#5 tied into bar 2
            (40, 74, 8),       // D5 (its grace note skipped)
            (48, 62, 12),      // D4 in 6/8
        }, melody);
        Assert.DoesNotContain(sheet.Melody, n => n.Pitch == 48); // the second voice is not the melody
        var chords = sheet.Chords.Select(c => (c.Step, c.Chord.ToString(), c.DurationSteps)).ToList();
        // Bb7 sounds from its offset to the bar line; N.C. ends Am7; each bar states its harmony.
        Assert.Equal(new[] { (16, "C", 12), (28, "Bb7", 4), (32, "Am7", 8), (48, "D", 12) }, chords);
    }

    [Fact]
    public void A_compressed_mxl_reads_like_the_plain_file_through_its_container()
    {
        string dir = Fixtures.TempDir();
        string path = Path.Combine(dir, "song.mxl");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using (var w = new StreamWriter(zip.CreateEntry("META-INF/container.xml").Open()))
                w.Write("""<container><rootfiles><rootfile full-path="scores/song.xml"/></rootfiles></container>""");
            using (var w = new StreamWriter(zip.CreateEntry("scores/decoy.xml").Open()))
                w.Write("<score-partwise><part id='P1'/></score-partwise>");
            using (var w = new StreamWriter(zip.CreateEntry("scores/song.xml").Open()))
                w.Write(LeadSheetXml);
        }
        var plain = ReadText(LeadSheetXml);
        var compressed = MusicXmlReader.Load(path);
        Assert.Equal(Tokenizer.Encode(plain), Tokenizer.Encode(compressed));
    }

    [Theory]
    [InlineData("<score-partwise><part id='P1'><measure><note>", "well-formed")]
    [InlineData("<score-timewise/>", "score-timewise")]
    [InlineData("<html/>", "not a MusicXML score")]
    [InlineData("<score-partwise><part id='P1'><measure><note><rest/><duration>4</duration></note></measure></part></score-partwise>", "no part with pitched notes")]
    [InlineData("<score-partwise><part id='P1'><measure><attributes><divisions>0</divisions></attributes></measure></part></score-partwise>", "divisions")]
    public void Files_that_are_not_lead_sheets_get_a_reason(string xml, string reason)
    {
        var e = Assert.Throws<InvalidDataException>(() => ReadText(xml));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_refused_as_mxl()
    {
        string path = Path.Combine(Fixtures.TempDir(), "broken.mxl");
        File.WriteAllText(path, LeadSheetXml);
        var e = Assert.Throws<InvalidDataException>(() => MusicXmlReader.Load(path));
        Assert.Contains("zip", e.Message);
    }

    [Fact]
    public void A_score_that_inflates_past_the_limit_is_refused()
    {
        string path = Path.Combine(Fixtures.TempDir(), "bomb.mxl");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var s = zip.CreateEntry("score.xml", CompressionLevel.SmallestSize).Open())
        {
            var block = new byte[1 << 20];
            Array.Fill(block, (byte)' ');
            for (int i = 0; i <= MusicXmlReader.MaxScoreBytes >> 20; i++) s.Write(block);
        }
        var e = Assert.Throws<InvalidDataException>(() => MusicXmlReader.Load(path));
        Assert.Contains("bytes", e.Message);
    }

    [Theory]
    [InlineData("dominant-ninth", ChordQuality.Dominant7)]
    [InlineData("half-diminished", ChordQuality.HalfDiminished7)]
    [InlineData("minor-sixth", ChordQuality.Minor)]
    [InlineData("suspended-fourth", ChordQuality.Suspended4)]
    public void Harmony_kinds_map_to_the_nearest_vocabulary_quality(string kind, ChordQuality quality) =>
        Assert.Equal(quality, MusicXmlReader.QualityOfKind(kind));

    [Fact]
    public void Kinds_without_a_near_quality_are_no_chord() =>
        Assert.Null(MusicXmlReader.QualityOfKind("Neapolitan"));

    [Fact]
    public void The_corpus_tokenizer_reads_several_folders_as_datasets_and_splits_unsplit_songs_by_a_stable_hash()
    {
        string root = Fixtures.TempDir();
        string sheets = Path.Combine(root, "sheets");
        for (int i = 0; i < 40; i++)
        {
            string dir = Path.Combine(sheets, $"composer{i % 3}");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, $"song{i}.musicxml"), LeadSheetXml);
        }
        string midi = Path.Combine(root, "tunes", "valid");
        Directory.CreateDirectory(midi);
        Fixtures.MelodyOverChords().Save(Path.Combine(midi, "tune.mid"));
        File.WriteAllText(Path.Combine(sheets, "broken.xml"), "<score-partwise>");

        string output = Path.Combine(root, "out");
        var report = CorpusTokenizer.Run(new[] { sheets, Path.Combine(root, "tunes") }, output);

        Assert.Equal(42, report.Files);
        Assert.Single(report.Errors, e => e.Contains("broken.xml"));
        var index = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(output, "index.json")))!;
        var songs = index["songs"]!.AsArray().Select(s => (Dataset: (string)s!["dataset"]!, Split: (string)s["split"]!, Path: (string)s["path"]!)).ToList();
        Assert.Equal(40, songs.Count(s => s.Dataset == "sheets"));
        Assert.Equal(("tunes", "valid"), songs.Where(s => s.Dataset == "tunes").Select(s => (s.Dataset, s.Split)).Single());
        // The hash split is the one the path gives, every run.
        Assert.All(songs.Where(s => s.Dataset == "sheets"), s => Assert.Equal(SongFiles.HashSplit(s.Path["sheets/".Length..]), s.Split));
        Assert.Contains(songs, s => s.Split == "train");
        Assert.Equal(SongFiles.HashSplit("composer0/song0.musicxml"), SongFiles.HashSplit("composer0/song0.musicxml"));
        // About 8 % each of valid and test over many paths.
        var many = Enumerable.Range(0, 5000).Select(i => SongFiles.HashSplit($"folder/tune{i}.mxl")).ToList();
        Assert.InRange(many.Count(s => s == "valid"), 300, 500);
        Assert.InRange(many.Count(s => s == "test"), 300, 500);
    }
}
