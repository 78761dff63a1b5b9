using AiCoPilot.Engine.Music;

namespace AiCoPilot.Engine.Tokens;

/// <summary>
/// Lead sheet to tokens and back (grammar in docs/tokens.md). Per bar: BAR, a METER when the meter changes (and in
/// the first bar), then for each occupied step POS, an optional CHORD DUR, and PITCH DUR VEL per melody note from the
/// highest pitch down. Decoding the encoding of a <see cref="LeadSheet.Quantized"/> sheet gives it back exactly.
/// </summary>
public static class Tokenizer
{
    public static List<int> Encode(LeadSheet sheet, bool withBosEos = true)
    {
        var q = sheet.Quantized();
        var tokens = new List<int>(q.Melody.Count * 4 + q.Chords.Count * 3 + q.Bars.Count * 2 + 2);
        if (withBosEos) tokens.Add(TokenVocabulary.Bos);
        int noteIndex = 0, chordIndex = 0;
        (int, int) previousMeter = (0, 0);
        foreach (var bar in q.Bars)
        {
            tokens.Add(TokenVocabulary.Bar);
            if ((bar.Numerator, bar.Denominator) != previousMeter)
            {
                tokens.Add(TokenVocabulary.Meter(bar.Numerator, bar.Denominator));
                previousMeter = (bar.Numerator, bar.Denominator);
            }
            while (true)
            {
                int nextNote = noteIndex < q.Melody.Count ? q.Melody[noteIndex].Step : int.MaxValue;
                int nextChord = chordIndex < q.Chords.Count ? q.Chords[chordIndex].Step : int.MaxValue;
                int step = Math.Min(nextNote, nextChord);
                if (step >= bar.EndStep) break;
                tokens.Add(TokenVocabulary.Position(step - bar.StartStep));
                if (nextChord == step)
                {
                    var chord = q.Chords[chordIndex++];
                    tokens.Add(TokenVocabulary.Chord(chord.Chord));
                    tokens.Add(TokenVocabulary.Duration(chord.DurationSteps));
                }
                while (noteIndex < q.Melody.Count && q.Melody[noteIndex].Step == step)
                {
                    var note = q.Melody[noteIndex++];
                    tokens.Add(TokenVocabulary.Pitch(note.Pitch));
                    tokens.Add(TokenVocabulary.Duration(note.DurationSteps));
                    tokens.Add(TokenVocabulary.Velocity(note.Velocity));
                }
            }
        }
        if (withBosEos) tokens.Add(TokenVocabulary.Eos);
        return tokens;
    }

    /// <summary>
    /// Decodes tokens into a lead sheet. Tokens that break the grammar are skipped (a note without its duration or
    /// velocity is dropped), so any id sequence decodes without throwing.
    /// </summary>
    public static LeadSheet Decode(IEnumerable<int> tokens)
    {
        var sheet = new LeadSheet();
        var decoder = new TokenStreamDecoder();
        foreach (int id in tokens)
        {
            if ((uint)id >= TokenVocabulary.Size) continue;
            switch (decoder.Push(id))
            {
                case DecodedEvent.BarStarted:
                    sheet.Bars.Add(new LeadBar(decoder.BarStartStep, decoder.Numerator, decoder.Denominator));
                    break;
                case DecodedEvent.MeterChanged when sheet.Bars.Count > 0:
                    sheet.Bars[^1] = new LeadBar(decoder.BarStartStep, decoder.Numerator, decoder.Denominator);
                    break;
                case DecodedEvent.Note:
                    sheet.Melody.Add(decoder.LastNote);
                    break;
                case DecodedEvent.Chord:
                    sheet.Chords.Add(decoder.LastChord);
                    break;
            }
        }
        sheet.Sort();
        return sheet;
    }
}
