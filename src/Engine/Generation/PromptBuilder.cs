using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Generation;

/// <summary>Builds the prompt of a continuation: the tokens of the last context bars before the first generated bar.</summary>
public static class PromptBuilder
{
    /// <summary>
    /// Tokens of the bars of <paramref name="sheet"/> that end at or before <paramref name="startStep"/>, at most
    /// <paramref name="contextBars"/> of them (the earliest one states its meter). Bars up to startStep are added to
    /// the sheet if missing, so empty bars between a phrase and its continuation are part of the prompt.
    /// </summary>
    public static int[] Build(LeadSheet sheet, int startStep, int contextBars, int numerator = 4, int denominator = 4)
    {
        if (sheet.Bars.Count == 0)
        {
            var (n, d) = TokenVocabulary.CanonicalMeter(numerator, denominator);
            sheet.Bars.Add(new LeadBar(startStep - n * 16 / d, n, d));
        }
        var last = sheet.Bars[^1];
        sheet.ExtendBars(startStep, last.Numerator, last.Denominator);
        var window = new LeadSheet();
        var bars = sheet.Bars.Where(b => b.EndStep <= startStep).TakeLast(Math.Max(1, contextBars)).ToList();
        if (bars.Count == 0) return Array.Empty<int>();
        window.Bars.AddRange(bars);
        int from = bars[0].StartStep, to = bars[^1].EndStep;
        window.Melody.AddRange(sheet.Melody.Where(n => n.Step >= from && n.Step < to));
        window.Chords.AddRange(sheet.Chords.Where(c => c.Step >= from && c.Step < to));
        return Tokenizer.Encode(window, withBosEos: false).ToArray();
    }

    /// <summary>
    /// The tokens that lead up to an event at <paramref name="step"/>: the bars before it (at most
    /// <paramref name="contextBars"/> whole ones), the part of its own bar before it, and the token of its position in
    /// that bar, so a model primed with them predicts what comes at that step (a chord at a downbeat, say).
    /// </summary>
    public static int[] BuildUntil(LeadSheet sheet, int step, int contextBars, int numerator = 4, int denominator = 4)
    {
        if (sheet.Bars.Count == 0)
        {
            var (n, d) = TokenVocabulary.CanonicalMeter(numerator, denominator);
            sheet.Bars.Add(new LeadBar(step - n * 16 / d, n, d));
        }
        var last = sheet.Bars[^1];
        sheet.ExtendBars(step + 1, last.Numerator, last.Denominator);
        int current = sheet.BarIndexAt(step);
        if (current < 0) return Array.Empty<int>();
        var window = new LeadSheet();
        window.Bars.AddRange(sheet.Bars.Skip(Math.Max(0, current - Math.Max(0, contextBars))).Take(current + 1 - Math.Max(0, current - Math.Max(0, contextBars))));
        int from = window.Bars[0].StartStep;
        window.Melody.AddRange(sheet.Melody.Where(n => n.Step >= from && n.Step < step));
        window.Chords.AddRange(sheet.Chords.Where(c => c.Step >= from && c.Step < step));
        var tokens = Tokenizer.Encode(window, withBosEos: false);
        tokens.Add(TokenVocabulary.Position(step - sheet.Bars[current].StartStep));
        return tokens.ToArray();
    }
}
