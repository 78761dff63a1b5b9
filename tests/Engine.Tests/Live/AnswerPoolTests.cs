using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Models.Neural;

namespace AiCoPilot.Engine.Tests.Live;

/// <summary>A live answer writes a pool of candidates behind the take that streams, and shows the chosen ones.</summary>
public class AnswerPoolTests
{
    private const long Second = 1_000_000_000;

    [Theory]
    [InlineData(false)]  // the style model alone: candidates one after another
    [InlineData(true)]   // the shipped model: the pool after the first take written side by side in one batch
    public void The_streamed_take_comes_first_and_the_others_are_chosen_from_a_pool_of_twelve(bool neural)
    {
        var sink = new ListSink();
        using var model = neural ? new NeuralPredictor(NeuralModel.LoadShared(Neural.NeuralModelTests.ModelPath)) : null;
        var session = new CopilotSession(sink, model) { Settings = new LiveSettings { Listen = new() { SilenceBeats = 1.5 }, Answer = new() { Bars = 2, Variations = 3 } } };
        CopilotSessionTests.PlayRiff(session, 0);
        long at = (long)(9.5 * 0.5 * Second);
        session.Handle(CopilotSessionTests.Clock(9.5), at);
        session.Poll(at);  // the first note is out at once; the rest is written between inputs
        Assert.NotEmpty(sink.Items);
        Assert.StartsWith("writing take 1", session.Answers.Progress);
        session.FinishWriting();
        Assert.False(session.IsAnswering);
        Assert.Equal(12, session.Answers.LastPoolSize);
        Assert.Equal(3, session.Answers.Takes.Count);
        // What streamed is the first take shown.
        var streamed = sink.Items.Where(s => s.NoteOn).Select(s => (s.Ppq, s.Pitch)).OrderBy(x => x).ToList();
        var phrase = session.Answers.LastPhrase!;
        var first = session.Answers.Takes[0].Notes.Select(n => (phrase.PlaybackPpq(n.Step), n.Pitch)).OrderBy(x => x).ToList();
        Assert.Equal(streamed, first);
        Assert.Equal(0, session.Answers.Takes[0].Variation);
        // The others come from anywhere in the pool of 12 (variations 1-11), all different from each other.
        Assert.All(session.Answers.Takes.Skip(1), t => Assert.InRange(t.Variation, 1, 11));
        Assert.Equal(3, session.Answers.Takes.Select(t => t.Variation).Distinct().Count());
        // The editor is told how far apart the takes are, how far from the phrase, and the pool they came from.
        var snapshot = session.Snapshot;
        Assert.Equal(12, snapshot.PoolSize);
        Assert.Equal(3, snapshot.Figures.Count);
        Assert.All(snapshot.Figures, f => { Assert.InRange(f.NearestOther, 0, 1); Assert.InRange(f.FromPhrase, 0, 1); });
        Assert.Equal(snapshot.Figures.Min(f => f.NearestOther),
            Enumerable.Range(0, 3).SelectMany(i => Enumerable.Range(i + 1, 2 - i).Select(j =>
                Engine.Generation.Pool.NoteDistance.Between(session.Answers.Takes[i].Notes, session.Answers.Takes[j].Notes))).Min(), 9);
    }
}
