using AiCoPilot.Engine.Listening;

namespace AiCoPilot.Engine.Tests.Listening;

public class PhraseListenerTests
{
    private static void PlayScale(PhraseListener listener, double start, int[] pitches, double length = 0.5)
    {
        for (int i = 0; i < pitches.Length; i++)
        {
            listener.NoteOn(start + i * length, pitches[i], 90, 0);
            listener.NoteOff(start + (i + 1) * length - 0.05, pitches[i], 0);
        }
    }

    [Fact]
    public void Phrase_ends_after_the_configured_silence_and_only_once()
    {
        var listener = new PhraseListener(new PhraseListenerSettings { SilenceBeats = 2 });
        PlayScale(listener, 0, new[] { 60, 62, 64, 65, 67, 69, 71, 72 });   // last note-off at 3.95
        Assert.Null(listener.Advance(4.0));
        Assert.Null(listener.Advance(5.9));
        var phrase = listener.Advance(5.96);
        Assert.NotNull(phrase);
        Assert.Null(listener.Advance(7.0)); // answered: not again until new notes arrive
        Assert.Equal(8, phrase!.Context.Melody.Count);
        Assert.Equal(0, phrase.Context.Melody[0].Step);
        Assert.Equal(2, phrase.Context.Melody[1].Step);
        Assert.Equal(32, phrase.ContinuationStartStep);        // first bar line after 5.96 quarters is bar 2 (8 quarters)
        Assert.Equal(8.0, phrase.ContinuationStartPpq);
        Assert.Equal(32, phrase.GenerationStartStep);
        Assert.Equal("C major", phrase.Key.ToString());
        Assert.False(phrase.Triggered);
    }

    [Fact]
    public void A_held_note_is_not_silence()
    {
        var listener = new PhraseListener(new PhraseListenerSettings { SilenceBeats = 1 });
        listener.NoteOn(0, 60, 90, 0);
        Assert.Null(listener.Advance(10));
        listener.NoteOff(10, 60, 0);
        Assert.Null(listener.Advance(10.5));
        Assert.NotNull(listener.Advance(11));
    }

    [Fact]
    public void Sustain_pedal_holds_released_notes()
    {
        var listener = new PhraseListener(new PhraseListenerSettings { SilenceBeats = 1 });
        listener.Sustain(0, true);
        listener.NoteOn(0, 60, 90, 0);
        listener.NoteOff(1, 60, 0);
        Assert.Null(listener.Advance(5));          // pedal down: the note still sounds
        listener.Sustain(6, false);
        Assert.Null(listener.Advance(6.5));
        var phrase = listener.Advance(7);
        Assert.NotNull(phrase);
        Assert.Equal(24, phrase!.Context.Melody.Single().DurationSteps);
    }

    [Fact]
    public void Explicit_trigger_answers_at_once_and_cuts_sounding_notes()
    {
        var listener = new PhraseListener();
        Assert.Null(listener.Trigger(1));          // nothing played yet
        listener.NoteOn(0, 57, 90, 0);
        listener.NoteOn(0, 60, 90, 0);
        listener.NoteOn(0, 64, 90, 0);
        var phrase = listener.Trigger(2);
        Assert.NotNull(phrase);
        Assert.True(phrase!.Triggered);
        // A chord struck alone: its top note is the melody, the chord is the harmony.
        Assert.Equal(64, phrase.Context.Melody.Single().Pitch);
        Assert.Equal(8, phrase.Context.Melody.Single().DurationSteps);
        Assert.Equal("Am", phrase.Context.Chords.Single().Chord.ToString());
        Assert.Equal(16, phrase.ContinuationStartStep);
    }

    [Fact]
    public void Minor_phrase_is_recognized_as_minor()
    {
        var listener = new PhraseListener();
        PlayScale(listener, 0, new[] { 57, 60, 64, 69, 64, 60, 59, 56, 57, 57 });
        var phrase = listener.Advance(100)!;
        Assert.True(phrase.Key.ToString() == "A minor", $"{phrase.Key} ({phrase.KeyConfidence:F2})");
        Assert.True(phrase.KeyConfidence > 0.5);
        // Noticed long after: the continuation still follows the phrase in the prompt, and plays at the next bar line.
        Assert.Equal(48, phrase.GenerationStartStep);     // the phrase ends in bar 1; one empty bar (2) follows
        Assert.Equal(400, phrase.ContinuationStartStep);
        Assert.Equal(100.0, phrase.PlaybackPpq(48));
    }

    [Fact]
    public void Meter_and_bar_origin_place_the_continuation_on_a_bar_line()
    {
        var listener = new PhraseListener(new PhraseListenerSettings { SilenceBeats = 1 });
        listener.SetMeter(3, 4, barLinePpq: 1.0);   // bars at 1, 4, 7, 10, ...
        PlayScale(listener, 1.0, new[] { 67, 69, 71 }, 1.0);
        var phrase = listener.Advance(5.0)!;
        Assert.Equal(7.0, phrase.ContinuationStartPpq);
        Assert.Equal(24, phrase.Context.Bars[^1].EndStep);         // the last context bar ends where the continuation starts
        Assert.Equal(new[] { 0, 4, 8 }, phrase.Context.Melody.Select(n => n.Step));
    }

    [Fact]
    public void Reset_forgets_sounding_notes_and_pending_phrases()
    {
        var listener = new PhraseListener();
        listener.NoteOn(0, 60, 90, 0);
        listener.Reset();
        Assert.False(listener.IsSounding);
        Assert.Null(listener.Advance(100));
        Assert.Empty(listener.Notes);
    }

    [Fact]
    public void Garbage_events_are_ignored()
    {
        var listener = new PhraseListener();
        listener.NoteOn(double.NaN, 60, 90, 0);
        listener.NoteOn(0, 200, 90, 0);
        listener.NoteOn(0, 60, 90, 99);
        listener.NoteOff(0, 61, 0);                 // off without on
        listener.SetMeter(0, 0, double.PositiveInfinity);
        Assert.False(listener.IsSounding);
        Assert.Null(listener.Advance(double.PositiveInfinity));
        Assert.Null(listener.Trigger(double.NaN));
    }
}
