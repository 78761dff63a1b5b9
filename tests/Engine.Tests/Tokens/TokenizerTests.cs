using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Tests.Tokens;

public class TokenizerTests
{
    internal static LeadSheet RandomSheet(Random random)
    {
        var sheet = new LeadSheet();
        (int, int)[] meters = { (4, 4), (3, 4), (6, 8), (2, 4), (5, 4), (12, 8), (7, 8) };
        int bars = random.Next(1, 20);
        var meter = meters[random.Next(meters.Length)];
        for (int b = 0; b < bars; b++)
        {
            if (random.Next(5) == 0) meter = meters[random.Next(meters.Length)];
            sheet.ExtendBars(sheet.EndStep + 1, meter.Item1, meter.Item2);
        }
        foreach (var bar in sheet.Bars)
            for (int step = bar.StartStep; step < bar.EndStep; step++)
            {
                if (random.Next(3) == 0)
                    sheet.Chords.Add(new LeadChord(step, ChordSymbol.FromIndex(random.Next(132)), random.Next(1, 70)));
                int notes = random.Next(4) == 0 ? random.Next(1, 4) : 0;
                for (int n = 0; n < notes; n++)
                    sheet.Melody.Add(new LeadNote(step, random.Next(128), random.Next(1, 70), random.Next(1, 128)));
            }
        return sheet;
    }

    [Fact]
    public void Round_trip_is_the_identity_on_quantized_input()
    {
        var random = new Random(42);
        for (int i = 0; i < 500; i++)
        {
            var quantized = RandomSheet(random).Quantized();
            var tokens = Tokenizer.Encode(quantized);
            var back = Tokenizer.Decode(tokens);
            Assert.Equal(quantized.Bars, back.Bars);
            Assert.Equal(quantized.Melody, back.Melody);
            Assert.Equal(quantized.Chords, back.Chords);
            Assert.Equal(tokens, Tokenizer.Encode(back));
            Assert.All(tokens, t => Assert.InRange(t, 0, TokenVocabulary.Size - 1));
        }
    }

    [Fact]
    public void Decoding_any_id_sequence_never_throws_and_keeps_the_grammar()
    {
        var random = new Random(3);
        for (int i = 0; i < 2000; i++)
        {
            var ids = Enumerable.Range(0, random.Next(0, 200)).Select(_ => random.Next(-5, TokenVocabulary.Size + 5)).ToList();
            var sheet = Tokenizer.Decode(ids);
            foreach (var n in sheet.Melody) Assert.True(sheet.BarIndexAt(n.Step) >= 0);
        }
    }

    [Fact]
    public void Real_song_round_trips_after_quantization()
    {
        var extraction = LeadSheetExtractor.Extract(Fixtures.MelodyOverChords());
        var q = extraction.Sheet.Quantized();
        var back = Tokenizer.Decode(Tokenizer.Encode(q));
        Assert.Equal(q.Melody, back.Melody);
        Assert.Equal(q.Chords, back.Chords);
        Assert.Equal(32, q.Melody.Count);
    }

    [Fact]
    public void Vocabulary_is_contiguous_and_its_hash_is_stable()
    {
        Assert.Equal(368, TokenVocabulary.Size);
        var kinds = Enumerable.Range(0, TokenVocabulary.Size).Select(TokenVocabulary.KindOf).ToList();
        Assert.Equal(128, kinds.Count(k => k == TokenKind.Pitch));
        Assert.Equal(132, kinds.Count(k => k == TokenKind.Chord));
        Assert.Equal(TokenVocabulary.Size, Enumerable.Range(0, TokenVocabulary.Size).Select(TokenVocabulary.Name).Distinct().Count());
        // The hash written in docs/tokens.md; change both together, with a new spec version.
        Assert.Contains($"vocabulary hash `{TokenVocabulary.Hash}`", File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "docs", "tokens.md")));
    }

    [Fact]
    public void Golden_token_ids_of_the_fixture_song_are_stable()
    {
        // The same file is read by training/ tests, so the Python side can never drift from this tokenizer.
        string golden = Path.Combine(Fixtures.RepoRoot, "tests", "golden", "melody_over_chords.tokens.txt");
        var tokens = Tokenizer.Encode(LeadSheetExtractor.Extract(Fixtures.MelodyOverChords()).Sheet);
        string text = string.Join(' ', tokens);
        // Written once by hand from a checked tokenization; a token spec change replaces it deliberately (docs/tokens.md).
        Assert.Equal(File.ReadAllText(golden).Trim(), text);
    }

    [Theory]
    [InlineData(4, 4, 16)]
    [InlineData(3, 4, 12)]
    [InlineData(6, 8, 12)]
    [InlineData(9, 8, 18)]
    [InlineData(2, 2, 16)]
    [InlineData(7, 8, 14)]
    [InlineData(7, 16, 8)]
    [InlineData(15, 8, 32)]
    [InlineData(1, 4, 4)]
    public void Meters_map_to_bar_lengths(int numerator, int denominator, int steps)
    {
        Assert.Equal(steps, TokenVocabulary.BarSteps(numerator, denominator));
        int id = TokenVocabulary.Meter(numerator, denominator);
        Assert.Equal(steps, TokenVocabulary.StepsOfMeter(id));
    }

    [Fact]
    public void Transposition_shifts_pitches_and_chords_only()
    {
        int pitch = TokenVocabulary.Pitch(60);
        Assert.Equal(TokenVocabulary.Pitch(62), TokenVocabulary.Transpose(pitch, 2));
        Assert.Equal(-1, TokenVocabulary.Transpose(TokenVocabulary.Pitch(127), 1));
        var chord = TokenVocabulary.Chord(new ChordSymbol(11, ChordQuality.Minor7));
        Assert.Equal(TokenVocabulary.Chord(new ChordSymbol(1, ChordQuality.Minor7)), TokenVocabulary.Transpose(chord, 2));
        Assert.Equal(TokenVocabulary.Bar, TokenVocabulary.Transpose(TokenVocabulary.Bar, 5));
    }
}
