using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Evaluation;

/// <summary>
/// Trading bars as a musician meets them (docs/evaluation.md, "Trading bars"): each validation melody is cut into
/// turns of <see cref="Bars"/> bars from the bar of its first note; the player plays the melody's own bars on their
/// turns and rests on the co-pilot's, into a live session with Trade on (the real session on a simulated clock: the
/// Trader, the Answerer, the neural model and the originality guard). Measured: answers on the co-pilot's turns, where
/// each opens against its downbeat, answer notes in the player's turns (none may be), answers decided late, how far
/// ahead of their downbeats they were decided; and the answers' musical figures beside the same session's answers
/// after a silence (Trade off: it answers each turn when the player rests).
/// </summary>
public sealed class TradeEvaluator
{
    private readonly ITokenPredictor? _model;
    private readonly OriginalityIndex? _guard;

    public TradeEvaluator(ITokenPredictor? model, OriginalityIndex? guard) { _model = model; _guard = guard; }

    /// <summary>The turn length (1, 2, 4 or 8 bars).</summary>
    public int Bars { get; init; } = 4;
    /// <summary>Player's turns per song (each followed by the co-pilot's).</summary>
    public int Exchanges { get; init; } = 4;
    public double Tempo { get; init; } = 120;

    /// <summary>The answers of one way of answering: how many, and their musical figures.</summary>
    public sealed record AnswerFigures(int Answers, double NotesPerAnswer, double RangeSemitones, double InKey, double Echo);

    public sealed record Report(int Songs, int Turns, AnswerFigures Trading, AnswerFigures AfterSilence, double OpensOnDownbeat,
        double MeanRestBeats, int EarlyNotes, int NotesInPlayersTurns, int LateAnswers, double LeadMsP1, double LeadMsP50, double LeadMsMin);

    public Report Run(IReadOnlyList<string> files, Action<string>? progress = null)
    {
        var trading = new Sums();
        var silence = new Sums();
        int songs = 0, turns = 0, onDownbeat = 0, early = 0, inPlayersTurns = 0, late = 0;
        double rest = 0;
        var leads = new List<double>();
        var length = Bars switch { 1 => TradeLength.OneBar, 2 => TradeLength.TwoBars, 8 => TradeLength.EightBars, _ => TradeLength.FourBars };
        foreach (var file in files)
        {
            var sheet = Offline.SongFiles.Read(file, out _).Sheet;
            if (PlayersTurns(sheet) is not { } played) continue;
            var (player, firstBar) = played;
            double origin = player.Bars[0].StartStep / (double)TokenVocabulary.StepsPerQuarter;
            double barPpq = player.Bars[firstBar].LengthSteps / (double)TokenVocabulary.StepsPerQuarter;
            // The turns lie on the song's own bar lines (its meter holds from the first note on: see PlayersTurns).
            double TurnStart(int turn) => player.Bars[firstBar].StartStep / (double)TokenVocabulary.StepsPerQuarter + turn * Bars * barPpq;
            bool PlayersTurn(double ppq) => Math.Floor((ppq - TurnStart(0)) / (Bars * barPpq)) % 2 == 0;
            var key = ModelEvaluator.EstimateKey(player);
            var playedMelody = player.Melody.Select(n => (n.Step, n.Pitch)).ToList();
            var echoIndex = OriginalityIndex.OfMelodies(new[] { playedMelody });

            var settings = new LiveSettings { Answer = new() { Trade = length }, PlayAlong = new() { PlayAlong = PlayAlongMode.Off } };
            var result = PlayAlongSimulation.Run(player, settings, model: null, Tempo, answerModel: _model, guard: _guard, tailBeats: 2 * Bars * barPpq);
            var ons = result.Suggestions.Where(s => s.NoteOn && s.Role == SuggestionRole.Answer).ToList();
            inPlayersTurns += ons.Count(s => PlayersTurn(s.Ppq));
            for (int turn = 1; turn < 2 * Exchanges; turn += 2)
            {
                double downbeat = TurnStart(turn);
                var answer = ons.Where(s => s.Ppq >= downbeat - 1e-9 && s.Ppq < downbeat + Bars * barPpq).ToList();
                if (answer.Count == 0) continue;
                turns++;
                double first = answer.Min(s => s.Ppq);
                if (first < downbeat - 1e-9) early++;
                if (first - downbeat < 0.25 - 1e-9) onDownbeat++;  // within a sixteenth of its downbeat
                rest += first - downbeat;
                trading.Add(answer.Select(s => s.Pitch).ToList(), answer.Select(s => (Step(s.Ppq, origin), s.Pitch)).ToList(), key, echoIndex);
            }
            late += result.Session.Trade.LateAnswers;
            leads.AddRange(result.Session.Trade.DecisionLeadBeats.Select(b => b * 60000 / Tempo));

            // The same turns answered after a silence: the co-pilot answers each time the player rests.
            var quiet = PlayAlongSimulation.Run(player, new LiveSettings { PlayAlong = new() { PlayAlong = PlayAlongMode.Off } }, model: null, Tempo,
                answerModel: _model, guard: _guard, tailBeats: 2 * Bars * barPpq);
            foreach (var phrase in quiet.Suggestions.Where(s => s.NoteOn && s.Role == SuggestionRole.Answer).GroupBy(s => s.Phrase))
                silence.Add(phrase.Select(s => s.Pitch).ToList(), phrase.Select(s => (Step(s.Ppq, origin), s.Pitch)).ToList(), key, echoIndex);
            songs++;
            progress?.Invoke($"{songs} songs, {turns} turns");
        }
        leads.Sort();
        return new Report(songs, turns, trading.Figures(), silence.Figures(), turns == 0 ? double.NaN : (double)onDownbeat / turns,
            turns == 0 ? double.NaN : rest / turns, early, inPlayersTurns, late, Percentile(leads, 0.01), Percentile(leads, 0.5),
            leads.Count == 0 ? double.NaN : leads[0]);
    }

    /// <summary>Writes each song's player's turns (the melody on them, rests on the co-pilot's) as a .mid into
    /// <paramref name="folder"/> for a host to play: from the first turn's bar line at tick 0, at <see cref="Tempo"/>,
    /// in the turns' meter. Returns each file written with its bar length in quarters.</summary>
    public List<(string Path, double BarQuarters)> WriteTurns(IReadOnlyList<string> files, string folder)
    {
        const int ticksPerQuarter = 480, ticksPerStep = ticksPerQuarter / TokenVocabulary.StepsPerQuarter;
        Directory.CreateDirectory(folder);
        var written = new List<(string, double)>();
        foreach (var file in files)
        {
            if (PlayersTurns(Offline.SongFiles.Read(file, out _).Sheet) is not { } played) continue;
            var (player, firstBar) = played;
            var bar = player.Bars[firstBar];
            var song = new Midi.MidiSong(ticksPerQuarter);
            song.Tempos.Add(new Midi.TempoChange(0, (int)Math.Round(60_000_000 / Tempo)));
            song.TimeSignatures.Add(new Midi.TimeSignature(0, bar.Numerator, bar.Denominator));
            var track = new Midi.MidiTrack("player");
            foreach (var n in player.Melody)
                track.Notes.Add(new Midi.MidiNote(n.Pitch, Math.Clamp(n.Velocity, 1, 127), 0, (long)(n.Step - bar.StartStep) * ticksPerStep, (long)n.DurationSteps * ticksPerStep));
            song.Tracks.Add(track);
            string path = Path.Combine(folder, $"{written.Count:D3}_{Path.GetFileNameWithoutExtension(file)}.mid");
            song.Save(path);
            written.Add((path, bar.LengthSteps / (double)TokenVocabulary.StepsPerQuarter));
        }
        return written;
    }

    // The melody on the player's turns only (the co-pilot's turns rest), from the bar of its first note, for
    // Exchanges turns; null when the song is too short for them.
    private (LeadSheet Sheet, int FirstBar)? PlayersTurns(LeadSheet sheet)
    {
        if (sheet.Melody.Count < 8 || sheet.Bars.Count == 0) return null;
        var q = sheet.Quantized();
        int firstBar = q.BarIndexAt(q.Melody.Min(n => n.Step));
        if (firstBar < 0 || q.Bars.Count < firstBar + 2 * Exchanges * Bars) return null;
        // One meter through the turns (the Trader counts bars of the meter it hears); a song that changes it is left out.
        var turnsBars = q.Bars.Skip(firstBar).Take(2 * Exchanges * Bars).ToList();
        if (turnsBars.Any(b => b.Numerator != turnsBars[0].Numerator || b.Denominator != turnsBars[0].Denominator)) return null;
        var player = new LeadSheet();
        player.Bars.AddRange(q.Bars.Take(firstBar + 2 * Exchanges * Bars));
        for (int turn = 0; turn < 2 * Exchanges; turn += 2)
        {
            int from = q.Bars[firstBar + turn * Bars].StartStep, to = q.Bars[firstBar + (turn + 1) * Bars - 1].EndStep;
            foreach (var n in q.Melody.Where(n => n.Step >= from && n.Step < to))
                player.Melody.Add(n with { DurationSteps = Math.Min(n.DurationSteps, to - n.Step) });
        }
        return player.Melody.Count >= 8 ? (player, firstBar) : null;
    }

    private static int Step(double ppq, double origin) => (int)Math.Round((ppq - origin) * TokenVocabulary.StepsPerQuarter);

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Floor(p * (sorted.Count - 1)), 0, sorted.Count - 1)];

    private sealed class Sums
    {
        private int _answers, _notes;
        private double _range, _inKey, _echo;

        // One answer: its pitches, its melody (steps, pitches) and whether it replays 8 notes of what the player played.
        public void Add(List<int> pitches, List<(int Step, int Pitch)> melody, Key key, OriginalityIndex played)
        {
            if (pitches.Count == 0) return;
            _answers++;
            _notes += pitches.Count;
            _range += pitches.Max() - pitches.Min();
            _inKey += ContinuationMetrics.InKeyRatio(pitches.Select(p => new GeneratedNote(0, p, 1, 80, false)), key);
            _echo += played.HasRunIn(Array.Empty<(int, int)>(), melody) ? 1 : 0;
        }

        public AnswerFigures Figures() => _answers == 0 ? new AnswerFigures(0, double.NaN, double.NaN, double.NaN, double.NaN)
            : new AnswerFigures(_answers, (double)_notes / _answers, _range / _answers, _inKey / _answers, _echo / _answers);
    }
}
