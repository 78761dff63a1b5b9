using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Evaluation;

/// <summary>
/// Plays a lead sheet's melody into a live <see cref="CopilotSession"/> as the plug-in's audio thread would (a clock
/// record per block, note events at their times, the engine polled after each block, on a simulated monotonic clock
/// at the given tempo) and keeps everything the session sends back. The session and its play-along are the real
/// ones; only time is simulated, so figures repeat exactly.
/// </summary>
public static class PlayAlongSimulation
{
    /// <summary>What the session sent, how far ahead each chord was decided, and the session as the run left it (its
    /// answers, takes and style).</summary>
    public sealed record Result(IReadOnlyList<Suggestion> Suggestions, IReadOnlyList<double> LeadBeats, double EndPpq, long StyleTokens, CopilotSession Session);

    private sealed class Collector : ISuggestionSink
    {
        public readonly List<Suggestion> Items = new();
        public bool TryEmit(in Suggestion s) { Items.Add(s); return true; }
    }

    /// <param name="model">The play-along's model (null: chords recognized from the melody).</param>
    /// <param name="answerModel">The answers' base model and <paramref name="guard"/> their originality guard (null: the
    /// style alone, no guard), for runs that let the co-pilot answer.</param>
    /// <param name="tailBeats">How long the run goes on after the sheet's last bar.</param>
    public static Result Run(LeadSheet sheet, LiveSettings settings, ITokenPredictor? model, double tempo = 120, double blockBeats = 1.0 / 64,
        ITokenPredictor? answerModel = null, OriginalityIndex? guard = null, double tailBeats = 4)
    {
        var sink = new Collector();
        var session = new CopilotSession(sink) { Settings = settings };
        session.UseModels(answers: answerModel, playAlong: model, guard: guard);  // in place at the first poll, before any chord
        var q = sheet.Quantized();
        var events = new List<(double Ppq, bool On, int Pitch, int Velocity)>();
        foreach (var n in q.Melody)
        {
            double on = n.Step / (double)TokenVocabulary.StepsPerQuarter;
            double off = on + Math.Max(0.1, n.DurationSteps / (double)TokenVocabulary.StepsPerQuarter - 0.05);
            events.Add((on, true, n.Pitch, n.Velocity));
            events.Add((off, false, n.Pitch, 0));
        }
        events.Sort((a, b) => a.Ppq != b.Ppq ? a.Ppq.CompareTo(b.Ppq) : a.On.CompareTo(b.On));  // offs first at one time
        double end = q.EndStep / (double)TokenVocabulary.StepsPerQuarter + tailBeats;
        double nanosPerBeat = 60e9 / tempo;
        int next = 0;
        for (double t = 0; t < end; t += blockBeats)
        {
            long nanos = (long)(t * nanosPerBeat);
            var bar = BarAt(q, t);
            double barStart = bar.StartStep / (double)TokenVocabulary.StepsPerQuarter;
            session.Handle(new LiveInput(LiveInputKind.Clock, t, tempo, barStart, bar.Numerator, bar.Denominator, 0, 0, 0, true, 0), nanos);
            for (; next < events.Count && events[next].Ppq < t + blockBeats; next++)
            {
                var e = events[next];
                session.Handle(new LiveInput(e.On ? LiveInputKind.NoteOn : LiveInputKind.NoteOff, e.Ppq, tempo, barStart, bar.Numerator, bar.Denominator,
                    0, e.Pitch, e.Velocity, true, 0), nanos);
            }
            session.Poll((long)((t + blockBeats) * nanosPerBeat));
            while (session.IsAnswering) session.WorkOnAnswer(64);
        }
        return new Result(sink.Items, session.PlayAlong.ChordLeadBeats.ToArray(), end, session.Style.PlayedTokens, session);
    }

    private static LeadBar BarAt(LeadSheet sheet, double ppq)
    {
        if (sheet.Bars.Count == 0) return new LeadBar(0, 4, 4);
        int index = sheet.BarIndexAt((int)Math.Floor(ppq * TokenVocabulary.StepsPerQuarter));
        if (index >= 0) return sheet.Bars[index];
        return ppq < 0 ? sheet.Bars[0] : sheet.Bars[^1];
    }
}
