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
}
