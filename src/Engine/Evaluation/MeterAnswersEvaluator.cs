using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Evaluation;

/// <summary>
/// Melody answers in the meters a host may be set to (docs/evaluation.md, "Short bars"; `aicopilot playalong DIR
/// --answers`): 32 beats of each song's melody (from its bar 9, its own bars left aside) are played into a live session
/// (<see cref="PlayAlongSimulation"/>) whose bars are those of the meter, answers on with the plug-in's defaults (Melody
/// mode, 4 bars, the shipped model and the originality guard), and the last answer is measured: its note-ons (at one
/// instant with another, outside the answer's bars, off the sixteenth grid), how many notes a beat against the phrase's,
/// in the phrase's key, intervals wider than 9 semitones, and notes more than 5 semitones outside the phrase's range.
/// </summary>
public sealed class MeterAnswersEvaluator
{
    public sealed record MeterFigures(string Meter, int Answers, int Notes, double NotesPerBeat, double PhraseNotesPerBeat,
        int NotesTogether, int OutsideBars, int OffGrid, double InKey, double WideLeaps, double OutsideRange);

    private const int FirstBar = 8, PhraseBeats = 32;
    private readonly Func<ITokenPredictor?> _model;
    private readonly OriginalityIndex? _guard;

    /// <param name="model">A fresh runner of the answers' base model for each run (null: the style alone).</param>
    public MeterAnswersEvaluator(Func<ITokenPredictor?> model, OriginalityIndex? guard)
    {
        _model = model;
        _guard = guard;
    }

    public LiveSettings Settings { get; init; } = new();

    public IReadOnlyList<MeterFigures> Run(IReadOnlyList<string> files, IReadOnlyList<(int Numerator, int Denominator)> meters, Action<string>? progress = null)
    {
        var phrases = new List<List<LeadNote>>();
        foreach (var file in files)
        {
            var sheet = LeadSheetExtractor.Extract(MidiSong.Load(file), file).Sheet.Quantized();
            if (sheet.Bars.Count <= FirstBar + 8) continue;
            int from = sheet.Bars[FirstBar].StartStep, to = from + PhraseBeats * TokenVocabulary.StepsPerQuarter;
            var notes = sheet.Melody.Where(n => n.Step >= from && n.Step < to).Select(n => n with { Step = n.Step - from }).ToList();
            if (notes.Count >= 8) phrases.Add(notes);
        }
        var figures = new List<MeterFigures>();
        foreach (var (numerator, denominator) in meters)
        {
            var (n, d) = TokenVocabulary.CanonicalMeter(numerator, denominator);
            int barSteps = n * 16 / d;
            int answers = 0, notes = 0, together = 0, outsideBars = 0, offGrid = 0, inKey = 0, intervals = 0, leaps = 0, outsideRange = 0;
            double beats = 0, phraseNotes = 0;
            foreach (var phrase in phrases)
            {
                var sheet = new LeadSheet();
                sheet.Melody.AddRange(phrase);
                int end = phrase.Max(x => x.Step + x.DurationSteps);
                // Room for the silence that ends the phrase, the bar line after it and the answer.
                sheet.ExtendBars(end + 8 * TokenVocabulary.StepsPerQuarter + (Settings.Answer.Bars + 1) * barSteps, n, d);
                var model = _model();
                try
                {
                    var result = PlayAlongSimulation.Run(sheet, Settings, model: null, answerModel: model, guard: _guard);
                    var answerer = result.Session.Answers;
                    if (answerer.LastPhrase is not { } last) continue;
                    var ons = result.Suggestions.Where(s => s.Role == SuggestionRole.Answer && s.NoteOn && s.Phrase == answerer.PhraseCount)
                        .OrderBy(s => s.Ppq).ToList();
                    answers++;
                    notes += ons.Count;
                    together += ons.GroupBy(s => Math.Round(s.Ppq * 64)).Where(g => g.Count() > 1).Sum(g => g.Count());
                    double start = last.ContinuationStartPpq, stop = start + Settings.Answer.Bars * barSteps / (double)TokenVocabulary.StepsPerQuarter;
                    outsideBars += ons.Count(s => s.Ppq < start - 1e-9 || s.Ppq > stop - 0.25 + 1e-9);
                    offGrid += ons.Count(s => Math.Abs((s.Ppq - start) * 4 - Math.Round((s.Ppq - start) * 4)) > 1e-6);
                    inKey += ons.Count(s => last.Key.Contains(s.Pitch));
                    for (int i = 1; i < ons.Count; i++)
                    {
                        intervals++;
                        if (Math.Abs(ons[i].Pitch - ons[i - 1].Pitch) > 9) leaps++;
                    }
                    int low = phrase.Min(x => x.Pitch) - 5, high = phrase.Max(x => x.Pitch) + 5;
                    outsideRange += ons.Count(s => s.Pitch < low || s.Pitch > high);
                    beats += stop - start;
                    phraseNotes += phrase.Count;
                }
                finally
                {
                    (model as IDisposable)?.Dispose();
                }
            }
            string meter = $"{numerator}/{denominator}";
            figures.Add(new MeterFigures(meter, answers, notes, beats == 0 ? 0 : notes / beats, answers == 0 ? 0 : phraseNotes / (answers * (double)PhraseBeats),
                together, outsideBars, offGrid, notes == 0 ? 0 : (double)inKey / notes, intervals == 0 ? 0 : (double)leaps / intervals,
                notes == 0 ? 0 : (double)outsideRange / notes));
            progress?.Invoke($"{meter}: {answers} answers");
        }
        return figures;
    }
}
