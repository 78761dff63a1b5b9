using AiCoPilot.Engine.Evaluation;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Taste;

/// <summary>
/// A simulated musician with a hidden taste (<see cref="HiddenTaste"/>) plays phrases of validation melodies into a live
/// <see cref="CopilotSession"/> (the plug-in's session: its answers, pool, choice and take commands, on a simulated
/// clock), one phrase a round: it plays the phrase, asks for an answer at its end (Suggest now), looks at the takes
/// shown, and accepts the one furthest in its taste's direction. Run with the taste learning and without it (the
/// plug-in as it was), the share of shown takes that match the taste says what learning brought; the takes' mean
/// distance and in-key share say what it cost. Each round's phrase, takes and pick can be written as .mid files
/// (<see cref="TasteRoundFiles"/>) from which the figure is recomputed.
/// </summary>
public sealed class TasteSimulation
{
    private readonly ITokenPredictor? _model;
    private readonly OriginalityIndex? _guard;

    /// <param name="model">The answers' base model (null: the style alone) and <paramref name="guard"/> their originality guard.</param>
    public TasteSimulation(ITokenPredictor? model, OriginalityIndex? guard)
    {
        _model = model;
        _guard = guard;
    }

    public int Rounds { get; init; } = 30;
    /// <summary>A phrase is this many sixteenths long (whole bars of its meter; 4 bars of 4/4).</summary>
    public int PhraseSteps { get; init; } = 64;
    public double Tempo { get; init; } = 120;
    /// <summary>The plug-in's settings, except that answers come on demand (at each phrase's end: no rest in the
    /// middle of a phrase answers it early).</summary>
    public LiveSettings Settings { get; init; } = new() { Answer = new() { Trigger = AnswerTrigger.OnDemand } };

    /// <summary>One round: the takes shown, the one picked, each take's figure of the taste and the phrase's, whether
    /// each matches, the takes' mean distance (normalized edit distance of their pitches) and in-key share.</summary>
    public sealed record Round(int Number, IReadOnlyList<Take> Shown, int Picked, IReadOnlyList<double> Values, double PhraseValue,
        IReadOnlyList<bool> Matches, double MeanDistance, double InKey);

    /// <summary>A run of rounds with or without learning, and what the taste had learned at its end.</summary>
    public sealed record Run(HiddenTaste Taste, bool Learning, IReadOnlyList<Round> Rounds, string Learned, int Comparisons)
    {
        /// <summary>Share of all takes shown that match the taste.</summary>
        public double MatchShare => Share(Rounds.SelectMany(r => r.Matches));
        /// <summary>The same after the first 10 rounds.</summary>
        public double LaterMatchShare => Share(Rounds.Skip(10).SelectMany(r => r.Matches));
        /// <summary>The same for the takes after the first (the first explores: the taste never chooses it).</summary>
        public double ChosenMatchShare => Share(Rounds.SelectMany(r => r.Matches.Skip(1)));
        public double PickedMatchShare => Share(Rounds.Select(r => r.Picked >= 0 && r.Matches[r.Picked]));
        public double MeanDistance => Mean(Rounds.Select(r => r.MeanDistance));
        public double InKey => Mean(Rounds.Select(r => r.InKey));
        public int Takes => Rounds.Sum(r => r.Shown.Count);

        private static double Share(IEnumerable<bool> flags)
        {
            int n = 0, yes = 0;
            foreach (bool f in flags) { n++; if (f) yes++; }
            return n == 0 ? double.NaN : (double)yes / n;
        }

        private static double Mean(IEnumerable<double> values)
        {
            var finite = values.Where(double.IsFinite).ToList();
            return finite.Count == 0 ? double.NaN : finite.Average();
        }
    }

    /// <summary>Phrases of <paramref name="phraseSteps"/> sixteenths from songs, one per song in order (the first
    /// window of whole bars, from the first bar with melody, that holds at least 8 notes), then further windows of
    /// the same songs until there are <paramref name="count"/>. Bars shorter than two beats (POP909's files say 1/4)
    /// are read as 4/4. Each phrase starts at step 0.</summary>
    public static List<LeadSheet> Phrases(IEnumerable<LeadSheet> songs, int count, int phraseSteps = 64)
    {
        var windows = songs.Select(s => Windows(s, phraseSteps).ToList()).Where(w => w.Count > 0).ToList();
        var phrases = new List<LeadSheet>();
        for (int depth = 0; phrases.Count < count && windows.Any(w => w.Count > depth); depth++)
            foreach (var w in windows)
            {
                if (phrases.Count >= count) break;
                if (w.Count > depth) phrases.Add(w[depth]);
            }
        return phrases;
    }

    private static IEnumerable<LeadSheet> Windows(LeadSheet song, int phraseSteps)
    {
        var q = song.Quantized();
        if (q.Melody.Count < 8 || q.Bars.Count == 0) yield break;
        var bars = q.Bars;
        if (bars[0].LengthSteps < 8)
        {
            bars = new List<LeadBar>();
            for (int at = q.Bars[0].StartStep; at < q.EndStep; at += 16) bars.Add(new LeadBar(at, 4, 4));
        }
        int firstNote = q.Melody[0].Step;
        for (int b = 0; b < bars.Count; b++)
        {
            if (bars[b].EndStep <= firstNote) continue;
            int end = b, steps = 0;
            while (end < bars.Count && steps < phraseSteps && bars[end].LengthSteps == bars[b].LengthSteps) steps += bars[end++].LengthSteps;
            if (steps < phraseSteps) continue;
            int from = bars[b].StartStep, to = from + steps;
            var notes = q.Melody.Where(n => n.Step >= from && n.Step < to).ToList();
            if (notes.Count < 8) continue;
            var sheet = new LeadSheet();
            for (int i = b; i < end; i++) sheet.Bars.Add(bars[i] with { StartStep = bars[i].StartStep - from });
            foreach (var n in notes) sheet.Melody.Add(n with { Step = n.Step - from, DurationSteps = Math.Min(n.DurationSteps, to - n.Step) });
            yield return sheet;
            b = end - 1;  // the next window starts after this one
        }
    }

    /// <summary>Plays the phrases (up to <see cref="Rounds"/>) into one session with a musician of this taste, learning
    /// or not; writes each round's files into <paramref name="folder"/> when given.</summary>
    public Run Play(IReadOnlyList<LeadSheet> phrases, HiddenTaste taste, bool learning, string? folder = null, Action<string>? progress = null)
    {
        var session = new CopilotSession(new NoSink()) { Settings = Settings };
        session.Style.LearnsTaste = learning;
        session.UseModels(answers: _model, playAlong: null, guard: _guard);
        double nanosPerBeat = 60e9 / Tempo;
        long origin = 0;
        var rounds = new List<Round>();
        for (int r = 0; r < Math.Min(Rounds, phrases.Count); r++)
        {
            var phrase = phrases[r];
            long Nanos(double ppq) => origin + (long)(ppq * nanosPerBeat);
            double end = PlayPhrase(session, phrase, r + 1, Nanos);
            // The phrase ends: "Suggest now" at its last bar line, and the answer is written whole.
            var bar = phrase.Bars[^1];
            session.Handle(new LiveInput(LiveInputKind.Trigger, end, Tempo, bar.StartStep / 4.0, bar.Numerator, bar.Denominator, 0, 0, 0, true, r + 1), Nanos(end));
            while (session.IsAnswering) session.WorkOnAnswer(64);
            var round = Judge(session, taste, r + 1, folder);
            if (round is not null)
            {
                rounds.Add(round);
                // The musician accepts the take they like best, among the takes they saw.
                session.Post(new TakeCommand(TakeCommandKind.Accept, round.Picked, round.Shown));
                double at = end + 1.0 / 16;
                session.Handle(new LiveInput(LiveInputKind.Clock, at, Tempo, bar.StartStep / 4.0, bar.Numerator, bar.Denominator, 0, 0, 0, true, r + 1), Nanos(at));
                session.Poll(Nanos(at));
                while (session.IsAnswering) session.WorkOnAnswer(64);
            }
            origin = Nanos(end + 16);
            progress?.Invoke($"{taste} {(learning ? "learning" : "not learning")}: round {r + 1}");
        }
        var learned = session.Style.Taste;
        return new Run(taste, learning, rounds, learned.Describe(), learned.Comparisons);
    }

    // A transport jump (a new song), then the phrase from ppq 0 as the audio thread would feed it, a clock record
    // every 1/16 beat. Returns where the phrase ends (its last bar line).
    private double PlayPhrase(CopilotSession session, LeadSheet phrase, int generation, Func<double, long> nanos)
    {
        const double block = 1.0 / 16;
        var first = phrase.Bars[0];
        session.Handle(new LiveInput(LiveInputKind.Jump, 0, Tempo, 0, first.Numerator, first.Denominator, 0, 0, 0, true, generation), nanos(0));
        var events = new List<(double Ppq, bool On, int Pitch, int Velocity)>();
        foreach (var n in phrase.Melody)
        {
            double on = n.Step / (double)TokenVocabulary.StepsPerQuarter;
            double off = on + Math.Max(0.1, n.DurationSteps / (double)TokenVocabulary.StepsPerQuarter - 0.05);
            events.Add((on, true, n.Pitch, n.Velocity));
            events.Add((off, false, n.Pitch, 0));
        }
        events.Sort((a, b) => a.Ppq != b.Ppq ? a.Ppq.CompareTo(b.Ppq) : a.On.CompareTo(b.On));
        double end = phrase.EndStep / (double)TokenVocabulary.StepsPerQuarter;
        int next = 0;
        for (double t = 0; t < end - 1e-9; t += block)
        {
            var bar = phrase.Bars[Math.Max(0, phrase.BarIndexAt((int)Math.Floor(t * TokenVocabulary.StepsPerQuarter)))];
            double barStart = bar.StartStep / (double)TokenVocabulary.StepsPerQuarter;
            session.Handle(new LiveInput(LiveInputKind.Clock, t, Tempo, barStart, bar.Numerator, bar.Denominator, 0, 0, 0, true, generation), nanos(t));
            for (; next < events.Count && events[next].Ppq < t + block; next++)
            {
                var e = events[next];
                session.Handle(new LiveInput(e.On ? LiveInputKind.NoteOn : LiveInputKind.NoteOff, e.Ppq, Tempo, barStart, bar.Numerator, bar.Denominator,
                    0, e.Pitch, e.Velocity, true, generation), nanos(e.Ppq));
            }
            session.Poll(nanos(t + block));
            while (session.IsAnswering) session.WorkOnAnswer(64);
        }
        var last = phrase.Bars[^1];
        session.Handle(new LiveInput(LiveInputKind.Clock, end, Tempo, last.StartStep / 4.0, last.Numerator, last.Denominator, 0, 0, 0, true, generation), nanos(end));
        return end;
    }

    // The musician looks at the takes shown (what the editor shows), measures them by their taste and picks.
    private Round? Judge(CopilotSession session, HiddenTaste taste, int number, string? folder)
    {
        var snapshot = session.Snapshot;
        var shown = snapshot.Takes;
        if (session.Answers.LastPhrase is not { } answered || shown.Count == 0) return null;
        var lastBar = answered.Context.Bars.Count > 0 ? answered.Context.Bars[^1] : new LeadBar(0, 4, 4);
        var grid = TasteGrid.Of(answered.GenerationStartStep, lastBar.Numerator, lastBar.Denominator);
        var prompt = snapshot.PromptMelody;
        // The phrase is measured from the bar line its melody starts in, on the answer's grid (as its file is).
        int phraseOrigin = prompt.Count == 0 ? grid.OriginStep
            : grid.OriginStep - grid.BarSteps * (int)Math.Ceiling((grid.OriginStep - prompt.Min(n => n.Step)) / (double)grid.BarSteps);
        double phraseValue = TasteFeatures.Of(prompt, grid with { OriginStep = phraseOrigin })[taste.Feature];
        var values = shown.Select(t => TasteFeatures.Of(t.Notes, grid, prompt)[taste.Feature]).ToList();
        int picked = taste.Pick(values);
        var key = session.Answers.LastKey ?? answered.Key;
        double distance = 0;
        int pairs = 0;
        for (int i = 0; i < shown.Count; i++)
            for (int j = i + 1; j < shown.Count; j++)
            {
                distance += TakesEvaluator.PitchDistance(Pitches(shown[i]), Pitches(shown[j]));
                pairs++;
            }
        if (folder is not null)
            TasteRoundFiles.WriteRound(folder, number, prompt, phraseOrigin, shown, grid.OriginStep, picked, lastBar.Numerator, lastBar.Denominator, Tempo);
        return new Round(number, shown, picked, values, phraseValue, values.Select(v => taste.Matches(v, phraseValue)).ToList(),
            pairs == 0 ? double.NaN : distance / pairs, shown.Average(t => ContinuationMetrics.InKeyRatio(t.Notes, key)));
    }

    private static List<int> Pitches(Take take) => take.Notes.Where(n => !n.FromChord).Select(n => n.Pitch).ToList();

    private sealed class NoSink : ISuggestionSink
    {
        public bool TryEmit(in Suggestion s) => true;
    }
}
