using AiCoPilot.Engine.Listening;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Live;

/// <summary>The player's style: learned phrase by phrase, saved with the project and restored from it. The style lock
/// guards only these changes, so a host saving its project never waits for an answer.</summary>
public sealed partial class CopilotSession
{
    /// <summary>The style model learns the notes of the phrase it has not heard before (the caller holds the style lock).</summary>
    private void Learn(Phrase phrase)
    {
        var fresh = phrase.Notes.Where(n => n.StartPpq >= _learnedUpToPpq).ToList();
        if (fresh.Count == 0) return;
        double from = fresh.Min(n => n.StartPpq);
        int fromStep = (int)Math.Round((from - phrase.BarOriginPpq) * TokenVocabulary.StepsPerQuarter);
        var sheet = new LeadSheet();
        foreach (var bar in phrase.Context.Bars)
            if (bar.EndStep > fromStep) sheet.Bars.Add(bar);
        if (sheet.Bars.Count == 0) return;
        int start = sheet.Bars[0].StartStep;
        sheet.Melody.AddRange(phrase.Context.Melody.Where(n => n.Step >= start));
        sheet.Chords.AddRange(phrase.Context.Chords.Where(c => c.Step >= start));
        _style.Train(Tokenizer.Encode(sheet).ToArray());
        _learnedUpToPpq = phrase.Notes.Max(n => n.EndPpq);
    }

    /// <summary>The learned style, as saved in the DAW project.</summary>
    public byte[] SaveStyle()
    {
        lock (_styleLock) return _style.ToBytes();
    }

    /// <summary>Restores a saved style. On refusal the current style stays and the reason is returned.</summary>
    public bool LoadStyle(ReadOnlySpan<byte> data, out string reason)
    {
        try
        {
            var model = VariableOrderMarkovModel.FromBytes(data, TokenVocabulary.Hash);
            lock (_styleLock)
            {
                _style = model;
                _composer = NewComposer();
            }
            reason = "";
            return true;
        }
        catch (MarkovModelFormatException e)
        {
            reason = e.Message;
            return false;
        }
    }
}
