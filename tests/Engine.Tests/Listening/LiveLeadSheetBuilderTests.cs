using AiCoPilot.Engine.Listening;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Tests.Listening;

/// <summary>Two hands on one keyboard become what the model was trained on: one melody line and chord symbols.</summary>
public class LiveLeadSheetBuilderTests
{
    private static LeadSheet Sheet(int bars)
    {
        var sheet = new LeadSheet();
        for (int b = 0; b < bars; b++) sheet.Bars.Add(new LeadBar(b * 16, 4, 4));
        return sheet;
    }

    private static PlayedNote Note(double start, double end, int pitch, double keyUp = double.NaN) => new(start, end, pitch, 90, 0, keyUp);

    [Fact]
    public void Right_hand_line_over_left_hand_block_chords()
    {
        var notes = new List<PlayedNote>();
        // Left hand: C major for bar 1, F major for bar 2, whole notes, struck a few milliseconds apart.
        foreach (var (bar, chord) in new[] { (0, new[] { 48, 52, 55 }), (1, new[] { 53, 57, 60 }) })
            for (int i = 0; i < chord.Length; i++) notes.Add(Note(bar * 4 + i * 0.01, bar * 4 + 3.9, chord[i]));
        // Right hand: quarter notes above, the first of each bar struck with the chord.
        int[] line = { 72, 74, 76, 77, 77, 76, 74, 72 };
        for (int i = 0; i < line.Length; i++) notes.Add(Note(i + 0.005, i + 0.9, line[i]));
        var sheet = Sheet(2);
        LiveLeadSheetBuilder.Fill(sheet, notes, 0);
        Assert.Equal(line, sheet.Melody.Select(n => n.Pitch));
        Assert.Equal(new[] { 0, 4, 8, 12, 16, 20, 24, 28 }, sheet.Melody.Select(n => n.Step));
        Assert.Equal(new[] { "C", "F" }, sheet.Chords.Select(c => c.Chord.ToString()));
        Assert.Equal(new[] { 0, 16 }, sheet.Chords.Select(c => c.Step));
    }

    [Fact]
    public void A_chord_under_a_held_melody_note_accompanies_it()
    {
        var notes = new List<PlayedNote>
        {
            Note(0, 3.9, 79),                                          // a long melody note, held by the key
            Note(1, 1.9, 55), Note(1, 1.9, 59), Note(1, 1.9, 62),      // G major on beat 2, under it
            Note(4, 4.9, 77),
        };
        var sheet = Sheet(2);
        LiveLeadSheetBuilder.Fill(sheet, notes, 0);
        Assert.Equal(new[] { 79, 77 }, sheet.Melody.Select(n => n.Pitch));
        Assert.Equal(16, sheet.Melody[0].DurationSteps);
        Assert.Equal("G", sheet.Chords.Single().Chord.ToString());
    }

    [Fact]
    public void A_falling_line_under_the_sustain_pedal_stays_the_melody()
    {
        // Each key goes up after a quarter, the pedal keeps every note sounding to the end of the bar.
        int[] line = { 76, 74, 72, 71 };
        var notes = line.Select((p, i) => Note(i, 4, p, keyUp: i + 0.9)).ToList();
        var sheet = Sheet(1);
        LiveLeadSheetBuilder.Fill(sheet, notes, 0);
        Assert.Equal(line, sheet.Melody.Select(n => n.Pitch));
        Assert.All(sheet.Melody.Take(3), n => Assert.Equal(4, n.DurationSteps));  // cut at the next onset: one line
        Assert.Empty(sheet.Chords);
    }

    [Fact]
    public void A_single_line_gets_no_chords_and_bars_before_the_origin_keep_theirs()
    {
        var line = Sheet(1);
        LiveLeadSheetBuilder.Fill(line, new[] { Note(0, 1, 60), Note(1, 2, 64), Note(2, 3, 67) }, 0);
        Assert.Equal(3, line.Melody.Count);
        Assert.Empty(line.Chords);

        // A context whose first bar lies before the bar origin (early in a song): steps are negative there.
        var early = new LeadSheet();
        early.Bars.Add(new LeadBar(-16, 4, 4));
        early.Bars.Add(new LeadBar(0, 4, 4));
        LiveLeadSheetBuilder.Fill(early, new[] { Note(-4, -0.1, 50), Note(-4, -0.1, 53), Note(-4, -0.1, 57), Note(-4, -3, 69) }, 0);
        Assert.Equal(-16, early.Melody.Single().Step);
        Assert.Equal("Dm", early.Chords.Single().Chord.ToString());
        Assert.Equal(-16, early.Chords.Single().Step);
    }
}
