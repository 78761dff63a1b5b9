using System.Globalization;
using System.IO.Compression;
using System.Xml;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Notation;

/// <summary>
/// Reads a MusicXML lead sheet (score-partwise, plain .musicxml/.xml or compressed .mxl) into a <see cref="LeadSheet"/>:
/// the melody is the first voice of the first part with notes (its top note where it has chords), chord symbols
/// come from its &lt;harmony&gt; elements, bars and meters from its measures. Repeats are not unfolded; dynamics are
/// not read (every note has velocity <see cref="Velocity"/>). A pickup measure is placed at the end of a first bar of
/// full length, so bar lines fall where the meter puts them. Files that are not lead sheets get an
/// <see cref="InvalidDataException"/> that says why.
/// </summary>
public static class MusicXmlReader
{
    public const int Velocity = 80;

    /// <summary>Largest score read, uncompressed (a compressed file claiming more is refused before it is inflated).</summary>
    public const long MaxScoreBytes = 32 << 20;

    public static bool IsMusicXmlPath(string path) =>
        path.EndsWith(".mxl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".musicxml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase);

    public static LeadSheet Load(string path)
    {
        using var file = File.OpenRead(path);
        return path.EndsWith(".mxl", StringComparison.OrdinalIgnoreCase) ? ReadCompressed(file) : Read(file);
    }

    public static LeadSheet ReadCompressed(Stream stream)
    {
        ZipArchive zip;
        try { zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException e) { throw new InvalidDataException($"not a compressed MusicXML file (.mxl is a zip archive): {e.Message}"); }
        using (zip)
        {
            var entry = RootEntry(zip) ?? throw new InvalidDataException("the .mxl archive holds no score");
            if (entry.Length > MaxScoreBytes) throw new InvalidDataException($"the score is {entry.Length} bytes uncompressed (limit {MaxScoreBytes})");
            using var score = entry.Open();
            return Read(new LimitedStream(score, MaxScoreBytes));
        }
    }

    public static LeadSheet Read(Stream stream)
    {
        // MusicXML files name an external DTD: never fetch or expand it.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreComments = true };
        var document = new XmlDocument { XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            document.Load(reader);
        }
        catch (XmlException e) { throw new InvalidDataException($"not well-formed XML: {e.Message}"); }
        var root = document.DocumentElement ?? throw new InvalidDataException("empty document");
        if (root.Name == "score-timewise") throw new InvalidDataException("score-timewise MusicXML is not read (only score-partwise)");
        if (root.Name != "score-partwise") throw new InvalidDataException($"not a MusicXML score (root element <{root.Name}>)");
        foreach (XmlElement part in root.GetElementsByTagName("part"))
        {
            var sheet = new PartReader(part).Read();
            if (sheet.Melody.Count > 0) return sheet;
        }
        throw new InvalidDataException("the score has no part with pitched notes");
    }

    private static ZipArchiveEntry? RootEntry(ZipArchive zip)
    {
        var container = zip.GetEntry("META-INF/container.xml");
        if (container is not null && container.Length < 1 << 20)
        {
            var doc = new XmlDocument { XmlResolver = null };
            try
            {
                using var s = container.Open();
                using var reader = XmlReader.Create(s, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
                doc.Load(reader);
                foreach (XmlElement rootfile in doc.GetElementsByTagName("rootfile"))
                    if (rootfile.GetAttribute("full-path") is { Length: > 0 } fullPath && zip.GetEntry(fullPath) is { } e) return e;
            }
            catch (XmlException) { /* fall back to the first score-like entry */ }
        }
        return zip.Entries.FirstOrDefault(e => !e.FullName.StartsWith("META-INF/", StringComparison.Ordinal)
            && (e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || e.FullName.EndsWith(".musicxml", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>
    /// The nearest vocabulary quality of a MusicXML &lt;kind&gt; value; null for "none" (no chord) and for kinds with no
    /// near quality (augmented sixths, Neapolitan, Tristan, other).
    /// </summary>
    public static ChordQuality? QualityOfKind(string kind) => kind.Trim() switch
    {
        "major" or "major-sixth" or "power" or "pedal" => ChordQuality.Major,
        "minor" or "minor-sixth" or "minor-major" => ChordQuality.Minor,
        "diminished" => ChordQuality.Diminished,
        "augmented" or "augmented-seventh" => ChordQuality.Augmented,
        "dominant" or "dominant-seventh" or "dominant-ninth" or "dominant-11th" or "dominant-13th" => ChordQuality.Dominant7,
        "major-seventh" or "major-ninth" or "major-11th" or "major-13th" => ChordQuality.Major7,
        "minor-seventh" or "minor-ninth" or "minor-11th" or "minor-13th" => ChordQuality.Minor7,
        "half-diminished" => ChordQuality.HalfDiminished7,
        "diminished-seventh" => ChordQuality.Diminished7,
        "suspended-fourth" => ChordQuality.Suspended4,
        "suspended-second" => ChordQuality.Suspended2,
        _ => null,
    };

    private static int StepPitchClass(string step) => step.Trim() switch
    {
        "C" => 0, "D" => 2, "E" => 4, "F" => 5, "G" => 7, "A" => 9, "B" => 11,
        _ => throw new InvalidDataException($"unknown pitch step '{step}'"),
    };

    private static double Number(XmlElement? parent, string child, double fallback = 0)
    {
        var text = parent?[child]?.InnerText;
        return text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : fallback;
    }

    /// <summary>Walks one part's measures, keeping time in quarter notes.</summary>
    private sealed class PartReader
    {
        private readonly XmlElement _part;
        private readonly LeadSheet _sheet = new();
        private readonly List<(double Start, double End, int Pitch)> _notes = new();
        private readonly List<(double Start, ChordSymbol? Chord)> _harmonies = new();
        private double _divisions = 1;
        private int _numerator = 4, _denominator = 4, _transpose;
        private string? _voice;

        public PartReader(XmlElement part) => _part = part;

        public LeadSheet Read()
        {
            double barStart = 0; // quarters
            bool first = true;
            foreach (XmlElement measure in _part.ChildNodes.OfType<XmlElement>().Where(e => e.Name == "measure"))
            {
                ReadAttributes(measure);
                double barLength = TokenVocabulary.BarSteps(_numerator, _denominator) / (double)TokenVocabulary.StepsPerQuarter;
                double contentLength = ContentLength(measure);
                // A pickup: its notes end where the first full bar would.
                double shift = first && contentLength > 0 && contentLength < barLength - 1e-9 ? barLength - contentLength : 0;
                ReadContent(measure, barStart + shift);
                int startStep = (int)Math.Round(barStart * TokenVocabulary.StepsPerQuarter);
                _sheet.ExtendBars(startStep + TokenVocabulary.BarSteps(_numerator, _denominator), _numerator, _denominator);
                barStart = _sheet.EndStep / (double)TokenVocabulary.StepsPerQuarter;
                first = false;
                if (_sheet.EndStep > LeadSheetExtractor.MaxSteps) throw new InvalidDataException($"the score is longer than {LeadSheetExtractor.MaxSteps} sixteenths");
            }
            AddMelody();
            AddChords();
            _sheet.Sort();
            return _sheet;
        }

        private void ReadAttributes(XmlElement measure)
        {
            foreach (XmlElement attributes in measure.ChildNodes.OfType<XmlElement>().Where(e => e.Name == "attributes"))
            {
                if (attributes["divisions"] is not null)
                {
                    double d = Number(attributes, "divisions", 0);
                    if (d <= 0) throw new InvalidDataException("divisions must be positive");
                    _divisions = d;
                }
                if (attributes["time"] is { } time && time["beats"] is not null)
                {
                    // "3+2" compound beats: their sum.
                    int beats = time["beats"]!.InnerText.Split('+').Sum(b => int.TryParse(b, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : 0);
                    int beatType = (int)Number(time, "beat-type", 4);
                    if (beats is > 0 and <= 64 && beatType is 1 or 2 or 4 or 8 or 16 or 32) (_numerator, _denominator) = (beats, beatType);
                }
                if (attributes["transpose"] is { } transpose)
                    _transpose = (int)Number(transpose, "chromatic") + 12 * (int)Number(transpose, "octave-change");
            }
        }

        /// <summary>How far the measure's content reaches, in quarters (backups and forwards counted).</summary>
        private double ContentLength(XmlElement measure)
        {
            double position = 0, furthest = 0;
            foreach (XmlElement e in measure.ChildNodes.OfType<XmlElement>())
            {
                bool isChordTone = e.Name == "note" && e["chord"] is not null;
                double length = Number(e, "duration") / _divisions;
                if (e.Name == "backup") position -= length;
                else if ((e.Name == "note" && !isChordTone && e["grace"] is null) || e.Name == "forward") position += length;
                furthest = Math.Max(furthest, position);
            }
            return furthest;
        }

        private void ReadContent(XmlElement measure, double start)
        {
            double position = start, lastOnset = start;
            foreach (XmlElement e in measure.ChildNodes.OfType<XmlElement>())
            {
                double length = Math.Max(0, Number(e, "duration")) / _divisions;
                switch (e.Name)
                {
                    case "backup": position = Math.Max(start, position - length); break;
                    case "forward": position += length; break;
                    case "harmony": _harmonies.Add((position + Number(e, "offset") / _divisions, ParseHarmony(e))); break;
                    case "note":
                        if (e["grace"] is not null || e["cue"] is not null) break;
                        bool chordTone = e["chord"] is not null;
                        double onset = chordTone ? lastOnset : position;
                        string voice = e["voice"]?.InnerText.Trim() ?? "1";
                        _voice ??= e["rest"] is null ? voice : null;
                        if (e["pitch"] is { } pitch && voice == (_voice ?? voice)) AddNote(e, pitch, onset, length);
                        if (!chordTone) { lastOnset = position; position += length; }
                        break;
                }
            }
        }

        private void AddNote(XmlElement note, XmlElement pitch, double onset, double length)
        {
            int midi = 12 * ((int)Number(pitch, "octave", 4) + 1) + StepPitchClass(pitch["step"]?.InnerText ?? "")
                + (int)Math.Round(Number(pitch, "alter")) + _transpose;
            if (midi is < 0 or > 127) return;
            bool tieStop = note.ChildNodes.OfType<XmlElement>().Any(t => t.Name == "tie" && t.GetAttribute("type") == "stop");
            // A tied continuation lengthens the note it continues.
            int last = _notes.FindLastIndex(n => n.Pitch == midi);
            if (tieStop && last >= 0 && Math.Abs(_notes[last].End - onset) < 1e-6)
            {
                _notes[last] = (_notes[last].Start, onset + length, midi);
                return;
            }
            _notes.Add((onset, onset + length, midi));
        }

        private static ChordSymbol? ParseHarmony(XmlElement harmony)
        {
            var root = harmony["root"];
            var kind = harmony["kind"]?.InnerText ?? "";
            if (root is null || QualityOfKind(kind) is not { } quality) return null;
            int pc = StepPitchClass(root["root-step"]?.InnerText ?? "") + (int)Math.Round(Number(root, "root-alter"));
            return new ChordSymbol(((pc % 12) + 12) % 12, quality);
        }

        private void AddMelody()
        {
            // The top note at each onset, cut at the next onset so the line stays one voice.
            var onsets = _notes.GroupBy(n => Math.Round(n.Start * TokenVocabulary.StepsPerQuarter))
                .Select(g => g.OrderByDescending(n => n.Pitch).First()).OrderBy(n => n.Start).ToList();
            for (int i = 0; i < onsets.Count; i++)
            {
                int step = (int)Math.Round(onsets[i].Start * TokenVocabulary.StepsPerQuarter);
                int end = (int)Math.Round(onsets[i].End * TokenVocabulary.StepsPerQuarter);
                if (i + 1 < onsets.Count) end = Math.Min(end, (int)Math.Round(onsets[i + 1].Start * TokenVocabulary.StepsPerQuarter));
                if (step >= 0 && step < _sheet.EndStep)
                    _sheet.Melody.Add(new LeadNote(step, onsets[i].Pitch, Math.Max(1, end - step), Velocity));
            }
        }

        private void AddChords()
        {
            var ordered = _harmonies.OrderBy(h => h.Start).ToList();
            for (int i = 0; i < ordered.Count; i++)
            {
                if (ordered[i].Chord is not { } chord) continue;
                int start = (int)Math.Round(ordered[i].Start * TokenVocabulary.StepsPerQuarter);
                int end = i + 1 < ordered.Count ? (int)Math.Round(ordered[i + 1].Start * TokenVocabulary.StepsPerQuarter) : _sheet.EndStep;
                LeadSheetExtractor.AddChordSplitAtBars(_sheet, chord, start, end);
            }
        }
    }

    /// <summary>Reads at most a given number of bytes, then refuses: a compressed entry cannot inflate past its limit.</summary>
    private sealed class LimitedStream : Stream
    {
        private readonly Stream _inner;
        private long _left;
        public LimitedStream(Stream inner, long limit) { _inner = inner; _left = limit; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = _inner.Read(buffer, offset, (int)Math.Min(count, _left + 1));
            _left -= n;
            if (_left < 0) throw new InvalidDataException($"the score inflates past {MaxScoreBytes} bytes");
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
