using AiCoPilot.Engine.Answering;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;
using Xunit.Abstractions;

namespace AiCoPilot.Engine.Tests.Generation;

public class GeneratorTests
{
    private readonly ITestOutputHelper _output;
    public GeneratorTests(ITestOutputHelper output) { _output = output; }

    /// <summary>A style model that has heard chromatic, random music with chords: it wants out-of-key material.</summary>
    internal static VariableOrderMarkovModel ChromaticModel(int seed = 1)
    {
        var random = new Random(seed);
        var model = MarkovModels.CreateStyleModel();
        for (int song = 0; song < 20; song++)
        {
            var sheet = new LeadSheet();
            sheet.ExtendBars(16 * 8);
            for (int step = 0; step < sheet.EndStep; step += random.Next(1, 5))
                sheet.Melody.Add(new LeadNote(step, random.Next(40, 90), random.Next(1, 8), random.Next(30, 120)));
            for (int bar = 0; bar < 8; bar++)
                sheet.Chords.Add(new LeadChord(bar * 16, ChordSymbol.FromIndex(random.Next(132)), 16));
            model.Train(Tokenizer.Encode(sheet).ToArray());
        }
        return model;
    }

    private static LeadSheet Context()
    {
        var sheet = new LeadSheet();
        sheet.ExtendBars(32);
        int[] line = { 61, 63, 66, 68, 70, 73, 70, 68 };
        for (int i = 0; i < 8; i++) sheet.Melody.Add(new LeadNote(i * 4, line[i], 4, 90));
        return sheet;
    }

    [Fact]
    public void Key_lock_never_leaves_the_key_over_10000_notes()
    {
        var composer = new AnswerModels(ChromaticModel());
        var key = new Key(2, false); // D major, while the context is in F# major
        var settings = new GenerationSettings { Bars = 16, Variations = 16, KeyLock = true, Key = key, Mode = GenerationMode.Both, Temperature = 1.5f, TopP = 1f };
        int notes = 0, outOfKey = 0, chords = 0;
        for (ulong seed = 1; notes < 10_000; seed++)
        {
            foreach (var take in composer.Compose(Context(), 32, key, settings with { Seed = seed }))
                foreach (var n in take.Notes)
                {
                    notes++;
                    if (n.FromChord) chords++;
                    if (!key.Contains(n.Pitch)) outOfKey++;
                }
        }
        _output.WriteLine($"{notes} notes ({chords} chord tones), {outOfKey} out of key");
        Assert.Equal(0, outOfKey);
        Assert.True(chords > 0 && chords < notes);

        // Without the lock, the same model does leave the key: the test above can fail.
        var free = composer.Compose(Context(), 32, key, settings with { KeyLock = false, Seed = 1 });
        Assert.Contains(free.SelectMany(t => t.Notes), n => !key.Contains(n.Pitch));
    }

    [Fact]
    public void Pitch_range_is_respected()
    {
        var composer = new AnswerModels(ChromaticModel(2));
        var takes = composer.Compose(Context(), 32, new Key(0, false), new GenerationSettings { Bars = 8, Variations = 8, LowestPitch = 60, HighestPitch = 72, Temperature = 2f });
        var melody = takes.SelectMany(t => t.Notes).Where(n => !n.FromChord).ToList();
        Assert.NotEmpty(melody);
        Assert.All(melody, n => Assert.InRange(n.Pitch, 60, 72));
    }

    [Fact]
    public void Same_seed_and_input_give_the_same_output_and_other_seeds_differ()
    {
        var model = ChromaticModel(3);
        var settings = new GenerationSettings { Bars = 4, Variations = 3, Seed = 77, Mode = GenerationMode.Both, CandidatesPerTake = 1 };
        var a = new AnswerModels(model).Compose(Context(), 32, new Key(0, false), settings);
        var b = new AnswerModels(model).Compose(Context(), 32, new Key(0, false), settings);
        Assert.Equal(a.Select(t => t.Notes), b.Select(t => t.Notes));
        var c = new AnswerModels(model).Compose(Context(), 32, new Key(0, false), settings with { Seed = 78 });
        Assert.NotEqual(a[0].Notes, c[0].Notes);
        Assert.NotEqual(a[0].Notes, a[1].Notes); // variations differ from each other
    }

    [Fact]
    public void Notes_stay_in_the_requested_bars_and_in_time_order()
    {
        var takes = new AnswerModels(ChromaticModel(4)).Compose(Context(), 32, new Key(0, false), new GenerationSettings { Bars = 3, Variations = 4, Mode = GenerationMode.Both });
        foreach (var take in takes)
        {
            Assert.All(take.Notes, n => Assert.InRange(n.Step, 32, 32 + 3 * 16 - 1));
            Assert.Equal(take.Notes.Select(n => n.Step).OrderBy(s => s), take.Notes.Select(n => n.Step));
        }
    }

    [Fact]
    public void Harmony_mode_gives_a_chord_at_the_start_of_every_bar_and_no_melody()
    {
        var context = Context();
        Harmonizer.AddChords(context, new Key(6, false));
        var style = MarkovModels.CreateStyleModel();
        style.Train(Tokenizer.Encode(context).ToArray());
        var takes = new AnswerModels(style).Compose(context, 32, new Key(6, false), new GenerationSettings { Bars = 4, Variations = 4, Mode = GenerationMode.Harmony });
        foreach (var take in takes)
        {
            Assert.All(take.Notes, n => Assert.True(n.FromChord));
            for (int bar = 0; bar < 4; bar++)
                Assert.Contains(take.Notes, n => n.Step == 32 + bar * 16);
        }
    }

    /// <summary>A style model that has heard songs whose melody rests for two bars after every two: it wants silent bars.</summary>
    private static VariableOrderMarkovModel RestingModel()
    {
        var model = MarkovModels.CreateStyleModel();
        for (int song = 0; song < 10; song++)
        {
            var sheet = new LeadSheet();
            sheet.ExtendBars(16 * 8);
            for (int bar = 0; bar < 8; bar++)
            {
                sheet.Chords.Add(new LeadChord(bar * 16, ChordSymbol.FromIndex((bar * 5 + song) % 24), 16));
                if (bar % 4 < 2)
                    for (int q = 0; q < 4; q++) sheet.Melody.Add(new LeadNote(bar * 16 + q * 4, 60 + (q + bar + song) % 12, 4, 90));
            }
            model.Train(Tokenizer.Encode(sheet).ToArray());
        }
        return model;
    }

    [Fact]
    public void Melody_mode_samples_chords_silently_and_never_opens_with_a_rest_or_rests_two_bars()
    {
        var composer = new AnswerModels(RestingModel());
        int silentBars = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var takes = composer.Compose(Context(), 32, new Key(0, false), new GenerationSettings { Bars = 8, Variations = 2, Seed = seed });
            foreach (var take in takes)
            {
                Assert.DoesNotContain(take.Notes, n => n.FromChord);                 // chords are sampled, never played
                var bars = take.Notes.Select(n => (n.Step - 32) / 16).ToHashSet();
                Assert.Contains(0, bars);                                            // it opens with a note
                for (int bar = 1; bar < 8; bar++)
                {
                    if (!bars.Contains(bar)) silentBars++;
                    Assert.True(bars.Contains(bar) || bars.Contains(bar - 1), $"seed {seed}: bars {bar - 1} and {bar} are silent");
                }
            }
        }
        Assert.True(silentBars > 0);  // the model's rests are kept, one bar at a time: the check above can fail
    }

    [Fact]
    public void Later_takes_are_steered_away_from_repeating_earlier_ones()
    {
        // The plug-in's default blend: the shipped model with a style model that has heard the player's phrase. The
        // first take is untouched by the steering; the later ones share far fewer notes with the takes before them.
        // When the style spoke everywhere, a riff it knew by heart replayed in every take (overlap 0.4 and more
        // unsteered); now it speaks only where it remembers the passage, and the takes differ even unsteered. At
        // 100 % adaptation (the style alone) they are still one take: the player asked for their own riff.
        var riff = new LeadSheet();
        riff.ExtendBars(32);
        int[] pitches = { 60, 64, 67, 72, 71, 67, 64, 62, 60, 62, 64, 65, 67, 69, 71, 72 };
        for (int i = 0; i < 16; i++) riff.Melody.Add(new LeadNote(i * 2, pitches[i], 2, 90));
        var style = MarkovModels.CreateStyleModel();
        style.Train(Tokenizer.Encode(riff).ToArray());
        using var neural = new AiCoPilot.Engine.Models.Neural.NeuralPredictor(
            AiCoPilot.Engine.Models.Neural.NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath));
        // One after another: candidates written side by side in a batch are not steered by each other.
        var composer = new AnswerModels(style, neural, adaptation: 0.5f) { Batched = false };
        var key = new Key(0, false);
        static HashSet<(int, int)> NotesOf(Take t) => t.Notes.Select(n => (n.Step, n.Pitch)).ToHashSet();
        static double Overlap(Take a, Take b) => (double)NotesOf(a).Intersect(NotesOf(b)).Count() / Math.Max(1, NotesOf(a).Union(NotesOf(b)).Count());
        double free = 0, steered = 0;
        for (ulong seed = 1; seed <= 6; seed++)
        {
            // The takes as written, one after another (no pool to choose from: that is CandidatePoolTests).
            var settings = new GenerationSettings { Bars = 2, Variations = 3, Seed = seed, CandidatesPerTake = 1 };
            var a = composer.Compose(riff, 32, key, settings with { RepeatAcrossTakes = 1f });
            var b = composer.Compose(riff, 32, key, settings);
            Assert.Equal(NotesOf(a[0]), NotesOf(b[0]));
            free += (Overlap(a[0], a[1]) + Overlap(a[0], a[2]) + Overlap(a[1], a[2])) / 3;
            steered += (Overlap(b[0], b[1]) + Overlap(b[0], b[2]) + Overlap(b[1], b[2])) / 3;
        }
        _output.WriteLine($"mean overlap between takes: free {free / 6:F2}, steered {steered / 6:F2}");
        Assert.True(free / 6 < 0.2);                          // unsteered, no longer near copies
        Assert.True(free / 6 > 0.02);                         // but they do share notes: the steering has work to do
        Assert.True(steered / 6 < free / 12);                 // steered, they share less than half as much
    }

    [Fact]
    public void Density_control_changes_how_many_notes_are_played()
    {
        // A model unsure of its rhythm (order 2, Witten-Bell): density decides between onsets it finds alike.
        var random = new Random(5);
        var unsure = new VariableOrderMarkovModel(TokenVocabulary.Size, maxOrder: 2, escape: 1f, TokenVocabulary.Hash);
        for (int song = 0; song < 20; song++)
        {
            var sheet = new LeadSheet();
            sheet.ExtendBars(16 * 8);
            for (int step = 0; step < sheet.EndStep; step += random.Next(1, 8))
                sheet.Melody.Add(new LeadNote(step, random.Next(55, 80), random.Next(1, 8), 90));
            unsure.Train(Tokenizer.Encode(sheet).ToArray());
        }
        int Count(VariableOrderMarkovModel model, float density) => Enumerable.Range(1, 4).Sum(seed =>
            new AnswerModels(model).Compose(Context(), 32, new Key(0, false), new GenerationSettings { Bars = 8, Variations = 4, Density = density, Seed = (ulong)seed })
                .Sum(t => t.Notes.Count));
        int sparse = Count(unsure, 0f), neutral = Count(unsure, 0.5f), dense = Count(unsure, 1f);
        _output.WriteLine($"notes: sparse {sparse}, neutral {neutral}, dense {dense}");
        Assert.True(sparse < neutral && neutral < dense);

        // A model that knows exactly what comes next (the player's style replaying what it heard) still thins out:
        // the slope grows with the notes played beyond half the prompt's rate.
        var sure = ChromaticModel(5);
        int sureSparse = Count(sure, 0f), sureNeutral = Count(sure, 0.5f);
        _output.WriteLine($"memorizing model: sparse {sureSparse}, neutral {sureNeutral}");
        Assert.True(sureSparse < sureNeutral * 0.6);
    }

    [Fact]
    public void Absurd_settings_are_made_safe()
    {
        var s = new GenerationSettings { Bars = -3, Variations = 1000, Temperature = float.NaN, TopP = float.PositiveInfinity, Density = -7, LowestPitch = 200, HighestPitch = -5, Mode = (GenerationMode)42 }.Sanitized();
        Assert.Equal(1, s.Bars);
        Assert.Equal(GenerationSettings.MaxVariations, s.Variations);
        Assert.Equal(1f, s.Temperature);
        Assert.Equal(0.95f, s.TopP);
        Assert.Equal(0f, s.Density);
        Assert.Equal(GenerationMode.Melody, s.Mode);
        Assert.True(s.HighestPitch - s.LowestPitch >= 12);
        Assert.Null(s.Problem());
        var absurd = new GenerationSettings { Temperature = float.NaN, TopP = -1, Density = float.NaN, Bars = int.MaxValue, Variations = -1 };
        Assert.Single(new AnswerModels(ChromaticModel(6)).Compose(Context(), 32, new Key(0, false), absurd.Sanitized()));
    }

    [Fact]
    public void The_generator_refuses_settings_nobody_sanitized_with_a_clear_error()
    {
        // Sanitizing happens once, where values enter; inside, an absurd value is a caller's bug, named, not clamped again.
        var composer = new AnswerModels(ChromaticModel(6));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            composer.Compose(Context(), 32, new Key(0, false), new GenerationSettings { Temperature = float.NaN }));
        Assert.Contains("temperature", error.Message);
        Assert.Contains("bars 0", new GenerationSettings { Bars = 0 }.Problem());
        Assert.Contains("pitch range", new GenerationSettings { LowestPitch = 60, HighestPitch = 65 }.Problem());
        Assert.Null(new GenerationSettings().Problem());
        Assert.Null(new GenerationSettings { Temperature = (float)AiCoPilot.Engine.Live.ParameterTable.Temperature.Min }.Problem());
    }

    [Fact]
    public void The_first_note_arrives_before_the_rest_are_sampled()
    {
        var composer = new AnswerModels(ChromaticModel(7));
        var generator = composer.Generator;
        var prompt = PromptBuilder.Build(Context(), 32, 8);
        generator.Begin(prompt, 32, 4, 4, new GenerationSettings { Bars = 8 }, new Key(0, false), 0);
        Assert.True(generator.TryNext(out _));
        int tokensAtFirstNote = generator.TokensGenerated;
        while (generator.TryNext(out _)) { }
        Assert.True(tokensAtFirstNote <= 8, $"first note after {tokensAtFirstNote} tokens");  // a (silent) chord may come first
        Assert.True(generator.TokensGenerated > 10 * tokensAtFirstNote);
    }

    [Fact]
    public void Steady_state_generation_allocates_nothing_per_token()
    {
        var model = ChromaticModel(8);
        var corpus = MarkovModels.CreateCorpusNGram();
        corpus.Train(Tokenizer.Encode(Context()).ToArray());
        var composer = new AnswerModels(model, new MarkovPredictor(corpus), 0.5f);
        var generator = composer.Generator;
        var prompt = PromptBuilder.Build(Context(), 32, 8);
        var settings = new GenerationSettings { Bars = 64, Mode = GenerationMode.Both, KeyLock = true };
        long allocated = 0;
        int notes = 0;
        // Run 0 warms up every path (first-use caches, JIT); run 2 counts. Measured in Release builds, as shipped:
        // Debug code generation allocates where optimized code does not.
        for (int run = 0; run <= 2; run++)
        {
            generator.Begin(prompt, 32, 4, 4, settings, new Key(0, false), run);
            long before = GC.GetAllocatedBytesForCurrentThread();
            notes = 0;
            while (generator.TryNext(out _)) notes++;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            _output.WriteLine($"run {run}: {generator.TokensGenerated} tokens, {notes} notes, {allocated} bytes allocated");
        }
        Assert.True(generator.TokensGenerated > 500);
        Assert.Equal(0, allocated);
    }
}
