using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Tokens;
using Xunit;

namespace AiCoPilot.Engine.Tests.Generation;

public class BlendedPredictorTests
{
    // A base model that spreads its probability evenly over the vocabulary.
    private sealed class Uniform : ITokenPredictor
    {
        public int VocabularySize => TokenVocabulary.Size;
        public void Prime(ReadOnlySpan<int> prompt) { }
        public void Accept(int token) { }
        public void Predict(Span<float> probabilities) => probabilities[..VocabularySize].Fill(1f / VocabularySize);
    }

    private static readonly int[] Riff = Enumerable.Range(0, 24).Select(i => TokenVocabulary.PitchBase + 60 + i % 5).ToArray();

    [Fact]
    public void The_style_has_its_say_where_it_remembers_the_passage_and_none_where_it_would_guess()
    {
        var style = MarkovModels.CreateStyleModel();
        style.Train(Riff);
        var blend = new BlendedPredictor(new Uniform(), new MarkovPredictor(style), 0.5f);
        var p = new float[TokenVocabulary.Size];

        // Inside the riff the style has seen the last 8 tokens: the next riff note is far above the uniform base.
        blend.Prime(Riff.AsSpan(0, 12));
        blend.Predict(p);
        Assert.True(p[Riff[12]] > 10f / TokenVocabulary.Size, $"{p[Riff[12]]}");

        // After a turn it never heard, it has seen less than its order: the base model alone, untouched.
        blend.Prime(new[] { TokenVocabulary.PitchBase + 40, TokenVocabulary.PitchBase + 90, TokenVocabulary.PitchBase + 41 });
        blend.Predict(p);
        Assert.All(p, x => Assert.Equal(1f / TokenVocabulary.Size, x, 6));

        // At 100 % adaptation the player asked for their own style: it speaks even where it guesses.
        var own = new BlendedPredictor(new Uniform(), new MarkovPredictor(style), 1f);
        own.Prime(new[] { TokenVocabulary.PitchBase + 40, TokenVocabulary.PitchBase + 90, TokenVocabulary.PitchBase + 41 });
        own.Predict(p);
        Assert.True(p.Max() > 2f / TokenVocabulary.Size);
    }
}
