using AiCoPilot.Engine.Evaluation;
using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Tokens;
using Xunit.Abstractions;

namespace AiCoPilot.Engine.Tests.Live;

/// <summary>Answers in every meter the host may be set to, short bars included (issue 28, part 4).</summary>
public class MeterTests
{
    private readonly ITestOutputHelper _output;
    public MeterTests(ITestOutputHelper output) { _output = output; }

    public static TheoryData<int, int> Meters => new() { { 1, 4 }, { 2, 4 }, { 3, 4 }, { 5, 4 }, { 6, 8 }, { 7, 8 }, { 12, 8 } };

    /// <summary>The project's example phrase (examples/phrase.mid, 8 bars of 4/4 at 120 BPM) on bars of another meter,
    /// with empty bars after it for the answer.</summary>
    internal static LeadSheet PhraseIn(int numerator, int denominator, int barsAfter)
    {
        var song = MidiSong.Load(Path.Combine(Fixtures.RepoRoot, "examples", "phrase.mid"));
        var sheet = new LeadSheet();
        foreach (var n in song.Tracks.SelectMany(t => t.Notes).Where(n => n.Channel != 9))
        {
            int step = (int)Math.Round(n.StartTick * 4.0 / song.TicksPerQuarter);
            int steps = Math.Max(1, (int)Math.Round(n.LengthTicks * 4.0 / song.TicksPerQuarter));
            sheet.Melody.Add(new LeadNote(step, n.Pitch, steps, n.Velocity));
        }
        int barSteps = TokenVocabulary.BarSteps(numerator, denominator);
        int end = sheet.Melody.Max(n => n.Step + n.DurationSteps);
        sheet.ExtendBars(end + 8 + (barsAfter + 1) * barSteps, numerator, denominator);
        sheet.Sort();
        return sheet;
    }

    [Fact]
    public void The_meter_evaluation_measures_the_answers_the_session_plays()
    {
        // A 24-bar tune the test writes (the fixture's 8 bars three times); the evaluation plays its bars 9-16 in.
        var tune = Fixtures.MelodyOverChords();
        var melody = tune.Tracks[0];
        long length = 8 * 4L * tune.TicksPerQuarter;
        foreach (var n in melody.Notes.ToList()) { melody.Notes.Add(n.WithStart(n.StartTick + length)); melody.Notes.Add(n.WithStart(n.StartTick + 2 * length)); }
        tune.Tracks.RemoveAt(1);
        string dir = Fixtures.TempDir();
        tune.Save(Path.Combine(dir, "tune.mid"));
        var figures = new MeterAnswersEvaluator(() => null, guard: null).Run(new[] { Path.Combine(dir, "tune.mid") }, new[] { (1, 4), (7, 8) });
        Assert.Equal(new[] { "1/4", "7/8" }, figures.Select(f => f.Meter));
        Assert.All(figures, f =>
        {
            Assert.Equal(1, f.Answers);
            Assert.True(f.Notes > 0);
            Assert.Equal(0, f.NotesTogether);
            Assert.Equal(0, f.OutsideBars);
            Assert.Equal(0, f.OffGrid);
            Assert.Equal(1.0, f.PhraseNotesPerBeat);  // quarter notes
        });
    }

    [Theory]
    [MemberData(nameof(Meters))]
    public void A_melody_answer_is_one_line_inside_its_bars_in_every_meter(int numerator, int denominator)
    {
        // The plug-in's answer models: the shipped neural model blended with the player's style, the originality guard.
        var model = NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath);
        using var answers = new NeuralPredictor(model);
        var guard = OriginalityIndex.FromBytes(File.ReadAllBytes(Path.Combine(Fixtures.RepoRoot, "models", "originality.idx")));
        var settings = new LiveSettings();  // the defaults: Melody mode, answers on silence, 4 bars, 3 takes
        int bars = settings.Answer.Bars;
        var result = PlayAlongSimulation.Run(PhraseIn(numerator, denominator, bars), settings, model: null, answerModel: answers, guard: guard);
        var session = result.Session;

        Assert.Equal(1, session.Answers.PhraseCount);
        var phrase = session.Answers.LastPhrase!;
        Assert.Equal(TokenVocabulary.CanonicalMeter(numerator, denominator), (phrase.Numerator, phrase.Denominator));
        int barSteps = TokenVocabulary.BarSteps(numerator, denominator);
        double barBeats = barSteps / 4.0;
        double start = phrase.ContinuationStartPpq, end = start + bars * barBeats;
        var ons = result.Suggestions.Where(s => s.Role == SuggestionRole.Answer && s.NoteOn).ToList();
        _output.WriteLine($"{numerator}/{denominator}: answer from {start} to {end}: " + string.Join(" ", ons.Select(s => $"{s.Ppq - start:0.##}:{s.Pitch}")));

        Assert.NotEmpty(ons);
        // One line: no two note-ons at one instant.
        var together = ons.GroupBy(s => Math.Round(s.Ppq * 64)).Where(g => g.Count() > 1).ToList();
        Assert.True(together.Count == 0, $"{numerator}/{denominator}: note-ons together at " +
            string.Join(", ", together.Select(g => $"{g.First().Ppq} ({string.Join(" ", g.Select(s => s.Pitch))})")));
        // Inside the answer's bars, on the sixteenth grid of its bars.
        Assert.All(ons, s => Assert.InRange(s.Ppq, start, end - 0.25));
        Assert.All(ons, s => Assert.Equal(0, (s.Ppq - start) * 4 % 1, 6));
        // Every take shown is one line too, each note inside one of the answer's bars.
        Assert.NotEmpty(session.Answers.Takes);
        foreach (var take in session.Answers.Takes)
        {
            Assert.Equal(take.Notes.Count, take.Notes.Select(n => n.Step).Distinct().Count());
            Assert.All(take.Notes, n => Assert.InRange(n.Step, phrase.GenerationStartStep, phrase.GenerationStartStep + bars * barSteps - 1));
        }
    }
}
