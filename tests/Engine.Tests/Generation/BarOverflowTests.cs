using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Tests.Generation;

/// <summary>What the generator does when the model expects a bar to go on past its end (issue 28, part 4).</summary>
public class BarOverflowTests
{
    /// <summary>
    /// A model that does not know where bars end (as the shipped model at 1/4): after each note it expects the next a
    /// half beat later, past the bar's end too, and keeps a little mass for a second note at the same position, as a
    /// real model's leftovers.
    /// </summary>
    private sealed class BarBlind(int durationSteps = 2) : ITokenPredictor
    {
        private int _last = TokenVocabulary.Bar, _position;
        public int VocabularySize => TokenVocabulary.Size;
        public void Prime(ReadOnlySpan<int> prompt) { foreach (int t in prompt) Accept(t); }
        public void Accept(int token)
        {
            _last = token;
            if (TokenVocabulary.KindOf(token) == TokenKind.Position) _position = TokenVocabulary.StepOfPosition(token);
        }

        public void Predict(Span<float> p)
        {
            p.Clear();
            switch (TokenVocabulary.KindOf(_last))
            {
                case TokenKind.Bar or TokenKind.Meter:
                    p[TokenVocabulary.Position(0)] = 1f;
                    break;
                case TokenKind.Position:
                    for (int pitch = 60; pitch <= 72; pitch++) p[TokenVocabulary.Pitch(pitch)] = 1f / 13;
                    break;
                case TokenKind.Pitch:
                    p[TokenVocabulary.Duration(durationSteps)] = 1f;
                    break;
                case TokenKind.Duration:
                    p[TokenVocabulary.Velocity(80)] = 1f;
                    break;
                default:
                    int next = _position + 2;
                    p[next < TokenVocabulary.PositionCount ? TokenVocabulary.Position(next) : TokenVocabulary.Bar] = 0.98f;
                    for (int pitch = 48; pitch < 58; pitch++) p[TokenVocabulary.Pitch(pitch)] = 0.002f;
                    break;
            }
        }
    }

    [Theory]
    [InlineData(4, 4)]
    [InlineData(3, 4)]
    [InlineData(6, 8)]
    public void The_answers_last_notes_end_with_its_last_bar_however_long_the_model_holds_them(int numerator, int denominator)
    {
        int barSteps = TokenVocabulary.BarSteps(numerator, denominator);
        var context = new LeadSheet();
        context.ExtendBars(4 * barSteps, numerator, denominator);
        for (int step = 0; step < context.EndStep; step += 2) context.Melody.Add(new LeadNote(step, 64 + step % 5, 2, 80));
        int[] prompt = PromptBuilder.Build(context, context.EndStep, 4, numerator, denominator);
        var generator = new ContinuationGenerator(new BarBlind(durationSteps: 32));  // every note held two bars of 4/4
        var settings = new GenerationSettings { Bars = 2, Mode = GenerationMode.Melody, TopP = 1f };
        generator.Begin(prompt, context.EndStep, numerator, denominator, settings with { Seed = 3 }, new Key(0, false), 0);
        var notes = new List<GeneratedNote>();
        while (generator.TryNext(out var note)) notes.Add(note);
        int end = context.EndStep + 2 * barSteps;
        Assert.Contains(notes, n => n.Step >= end - barSteps);
        Assert.All(notes.Where(n => n.Step >= end - barSteps), n => Assert.Equal(end, n.Step + n.DurationSteps));
        // Before the last bar a note keeps the length the model gave it (a tie over the bar line is music).
        Assert.All(notes.Where(n => n.Step < end - barSteps), n => Assert.True(n.DurationSteps >= 16, $"{n.DurationSteps} steps"));
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 4)]
    [InlineData(3, 4)]
    [InlineData(5, 4)]
    [InlineData(6, 8)]
    [InlineData(7, 8)]
    [InlineData(12, 8)]
    public void Music_expected_past_the_bar_end_goes_to_the_next_bar_not_onto_its_last_step(int numerator, int denominator)
    {
        int barSteps = TokenVocabulary.BarSteps(numerator, denominator);
        var context = new LeadSheet();
        context.ExtendBars(4 * barSteps, numerator, denominator);
        for (int step = 0; step < context.EndStep; step += 2) context.Melody.Add(new LeadNote(step, 64 + step % 5, 2, 80));
        int[] prompt = PromptBuilder.Build(context, context.EndStep, 4, numerator, denominator);
        var generator = new ContinuationGenerator(new BarBlind());
        var settings = new GenerationSettings { Bars = 4, Mode = GenerationMode.Melody, TopP = 1f };
        for (int seed = 0; seed < 8; seed++)
        {
            generator.Begin(prompt, context.EndStep, numerator, denominator, settings with { Seed = (ulong)seed + 1 }, new Key(0, false), 0);
            var notes = new List<GeneratedNote>();
            while (generator.TryNext(out var note)) notes.Add(note);
            // A note every half beat, each bar filled and none squeezed onto a bar's last step.
            Assert.Equal(Enumerable.Range(0, 4 * barSteps / 2).Select(i => context.EndStep + 2 * i), notes.Select(n => n.Step));
        }
    }

    [Fact]
    public void A_second_note_at_one_position_must_be_lower_than_the_one_before()
    {
        var decoder = new TokenStreamDecoder();
        foreach (int t in new[] { TokenVocabulary.Bar, TokenVocabulary.Meter(4, 4), TokenVocabulary.Position(0), TokenVocabulary.Pitch(64),
                     TokenVocabulary.Duration(4), TokenVocabulary.Velocity(80) })
            Assert.NotEqual(DecodedEvent.Rejected, decoder.Push(t));
        Assert.True(decoder.AfterNote);
        Assert.False(decoder.Allows(TokenVocabulary.Pitch(64)));   // the same note again
        Assert.False(decoder.Allows(TokenVocabulary.Pitch(65)));   // higher: notes at one position go highest first
        Assert.True(decoder.Allows(TokenVocabulary.Pitch(60)));
        Assert.True(decoder.Allows(TokenVocabulary.Position(1)));
        Assert.False(decoder.Allows(TokenVocabulary.Position(16)));  // past the bar's end
        Assert.Equal(DecodedEvent.Rejected, decoder.Push(TokenVocabulary.Pitch(64)));
    }
}
