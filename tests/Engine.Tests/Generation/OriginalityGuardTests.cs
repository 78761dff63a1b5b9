using AiCoPilot.Engine.Answering;
using AiCoPilot.Engine.Evaluation;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Tests.Generation;

public class OriginalityGuardTests
{
    // A "training song": a long melody the style model has memorised, so unguarded it copies it note for note.
    private static LeadSheet TrainingSong()
    {
        var sheet = new LeadSheet();
        sheet.ExtendBars(16 * 16);
        var random = new Random(4);
        int pitch = 67;
        for (int i = 0; i < 64; i++)
        {
            pitch = Math.Clamp(pitch + random.Next(-4, 5), 55, 84);
            sheet.Melody.Add(new LeadNote(i * 4, pitch, 4, 90));
        }
        return sheet;
    }

    [Fact]
    public void Index_round_trips_and_refuses_damage()
    {
        var index = OriginalityIndex.Build(new[] { Tokenizer.Encode(TrainingSong()).ToArray() });
        Assert.Equal(57, index.Count); // 64 notes, windows of 8
        var bytes = index.ToBytes();
        Assert.Equal(index.Count, OriginalityIndex.FromBytes(bytes).Count);
        bytes[20] ^= 1;
        Assert.Throws<InvalidDataException>(() => OriginalityIndex.FromBytes(bytes));
        Assert.Throws<InvalidDataException>(() => OriginalityIndex.FromBytes(new byte[3]));
    }

    [Fact]
    public void Guard_stops_copies_of_eight_training_notes_which_happen_without_it()
    {
        var song = TrainingSong();
        int[] tokens = Tokenizer.Encode(song).ToArray();
        var index = OriginalityIndex.Build(new[] { tokens });
        var style = MarkovModels.CreateStyleModel();
        style.Train(tokens);
        var composer = new AnswerModels(style);
        // Prompt: the song's first 4 bars; the memorised continuation is the song itself.
        var prompt = new LeadSheet();
        prompt.Bars.AddRange(song.Bars.Take(4));
        prompt.Melody.AddRange(song.Melody.Where(n => n.Step < 64));
        var tail = prompt.Melody.TakeLast(7).Select(n => (n.Step, n.Pitch)).ToList();
        int copiesOff = 0, copiesOn = 0, runs = 40;
        for (int seed = 1; seed <= runs; seed++)
        {
            var settings = new GenerationSettings { Bars = 4, Variations = 1, Seed = (ulong)seed, Temperature = 0.8f };
            composer.Generator.Guard = null;
            var free = composer.Compose(prompt, 64, new Key(0, false), settings)[0].Notes;
            copiesOff += ContinuationMetrics.Copies(index, tail, free) ? 1 : 0;
            composer.Generator.Guard = index;
            var guarded = composer.Compose(prompt, 64, new Key(0, false), settings)[0].Notes;
            copiesOn += ContinuationMetrics.Copies(index, tail, guarded) ? 1 : 0;
            Assert.NotEmpty(guarded);
        }
        Assert.True(copiesOff > runs / 2, $"unguarded copies: {copiesOff} of {runs}");
        Assert.Equal(0, copiesOn);
        Assert.True(composer.Generator.GuardMasks > 0);
    }

    [Fact]
    public void Metrics_measure_what_they_say()
    {
        var key = new Key(0, false);
        var notes = new[] { new GeneratedNote(0, 60, 4, 90, false), new GeneratedNote(4, 61, 4, 90, false), new GeneratedNote(8, 48, 16, 80, true) };
        Assert.Equal(0.5, ContinuationMetrics.InKeyRatio(notes, key));
        Assert.Equal(1.0, ContinuationMetrics.PitchClassOverlap(new[] { (60, 4) }, new[] { (72, 8) }), 6);
        Assert.Equal(0.0, ContinuationMetrics.PitchClassOverlap(new[] { (60, 4) }, new[] { (61, 4) }), 6);
        Assert.Equal(0.5, ContinuationMetrics.GrooveSimilarity(new[] { 0, 4 }, new[] { 0, 8 }), 6);
    }
}
