using AiCoPilot.Engine.Accompaniment;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Tests.Accompaniment;

public class ChordPlannerTests
{
    /// <summary>A model whose next-token probabilities are given: the planner's arithmetic, seen alone.</summary>
    private sealed class GivenProbabilities : ITokenPredictor
    {
        private readonly float[] _probabilities = new float[TokenVocabulary.Size];
        public GivenProbabilities(params (int Token, float P)[] given) { foreach (var (t, p) in given) _probabilities[t] = p; }
        public int VocabularySize => TokenVocabulary.Size;
        public void Prime(ReadOnlySpan<int> prompt) { }
        public void Accept(int token) { }
        public void Predict(Span<float> probabilities) => _probabilities.CopyTo(probabilities);
    }

    private static readonly ChordSymbol C = new(0, ChordQuality.Major), Am = new(9, ChordQuality.Minor);

    private static ChordSymbol Decide(GivenProbabilities model)
    {
        Span<double> recent = stackalloc double[12];
        recent[4] = 2; recent[7] = 1;  // the bar just played: E and G
        var decision = new ChordPlanner(model).Decide(new[] { TokenVocabulary.Position(0) }, new Key(0, false), atDownbeat: true, recent);
        Assert.NotNull(decision);
        return decision!.Value.Chord;
    }

    [Fact]
    public void The_chord_holds_the_next_note_the_model_expects_as_well_as_the_bar_just_played()
    {
        // The model finds C a little likelier than A minor; E and G were just played.
        var chords = new[] { (TokenVocabulary.Chord(C), 0.30f), (TokenVocabulary.Chord(Am), 0.25f) };
        Assert.Equal(C, Decide(new GivenProbabilities(chords)));

        // It also expects the melody's next note to be an A: the chord chosen holds it, and still E (the bar just played).
        var withNextNote = new GivenProbabilities(chords.Append((TokenVocabulary.Pitch(69), 0.4f)).ToArray());
        var chord = Decide(withNextNote);
        Assert.True((chord.PitchClassMask & (1 << 9)) != 0, $"{chord} does not hold the A the model expects");
        Assert.True((chord.PitchClassMask & (1 << 4)) != 0, $"{chord} lets go of the E just played");
    }
}
