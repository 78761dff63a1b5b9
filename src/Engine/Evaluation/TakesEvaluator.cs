using System.Diagnostics;
using AiCoPilot.Engine.Answering;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Evaluation;

/// <summary>
/// The takes of one answer as a musician meets them (docs/evaluation.md, "The takes of an answer"): for each song, the
/// player has played its first half (the style model learns it), the prompt is the 8 bars before the half, and an
/// answer of <see cref="Variations"/> takes of <see cref="Bars"/> bars is written with the plug-in's defaults (blend
/// with the neural model at adaptation 50 %, the originality guard on). Measured: how different the takes are from each
/// other, how often a take echoes the prompt (8 consecutive notes of it, transposed or not, with their rhythm), the
/// same echo measured on the song's own next bars, and the musical figures of docs/evaluation.md.
/// </summary>
public sealed class TakesEvaluator
{
    private readonly NeuralModel _model;
    private readonly OriginalityIndex? _index;

    public TakesEvaluator(NeuralModel model, OriginalityIndex? index) { _model = model; _index = index; }

    public int Bars { get; init; } = 4;
    public int Variations { get; init; } = 3;
    public float Adaptation { get; init; } = 0.5f;

    public sealed record Figures(string Name, int Answers, int Takes, double MeanPairwisePitchDistance, double PairsBelow02,
        double MeanClosestPairPitchDistance, double MeanPairwiseMoveDistance, double EchoRate, double AnswersAllEcho,
        double InKey, double WideLeaps, double OutsideRange, double MeanAnswerMs, double TokensPerAnswer);

    public sealed record Report(int Songs, double SongEchoRate, IReadOnlyList<Figures> Systems);

    /// <summary>Runs each named setting over the songs (the same prompts, seeds and style for each).</summary>
    public Report Run(IReadOnlyList<string> files, IReadOnlyList<(string Name, GenerationSettings Settings, bool Batched)> systems, Action<string>? progress = null)
    {
        var sums = systems.Select(_ => new Sums()).ToArray();
        int songs = 0, songEchoes = 0;
        using var neural = new NeuralPredictor(_model);
        foreach (var file in files)
        {
            var sheet = Offline.SongFiles.Read(file, out _).Sheet;
            int[] tokens = Tokenizer.Encode(sheet).ToArray();
            if (tokens.Length < 64) continue;
            int half = tokens.Length / 2;
            var firstHalf = Tokenizer.Decode(tokens.AsSpan(0, half).ToArray());
            if (firstHalf.Bars.Count < 2 || firstHalf.Melody.Count < 8) continue;
            int start = firstHalf.EndStep;
            var key = ModelEvaluator.EstimateKey(firstHalf);
            var lastBar = firstHalf.Bars[^1];
            int[] prompt = PromptBuilder.Build(firstHalf, start, 8, lastBar.Numerator, lastBar.Denominator);
            var promptWindows = OriginalityIndex.Build(new[] { prompt });
            var tail = firstHalf.Melody.TakeLast(OriginalityIndex.NoteCount - 1).Select(n => (n.Step, n.Pitch)).ToList();
            var promptPitches = firstHalf.Melody.Where(n => n.Step >= start - 8 * 16).Select(n => n.Pitch).ToList();
            if (promptPitches.Count < OriginalityIndex.NoteCount) continue;  // the player rested: no phrase to answer
            int lowest = promptPitches.Min(), highest = promptPitches.Max(), lastPitch = firstHalf.Melody[^1].Pitch;
            var next = Tokenizer.Decode(tokens).Melody.Where(n => n.Step >= start && n.Step < start + Bars * 16)
                .Select(n => new GeneratedNote(n.Step, n.Pitch, n.DurationSteps, n.Velocity, false)).ToList();
            if (ContinuationMetrics.Copies(promptWindows, tail, next)) songEchoes++;
            songs++;

            for (int s = 0; s < systems.Count; s++)
            {
                var style = MarkovModels.CreateStyleModel();
                style.Train(tokens.AsSpan(0, half));
                var models = new AnswerModels(style, neural, Adaptation, guard: _index) { Batched = systems[s].Batched };
                var settings = systems[s].Settings with { Bars = Bars, Variations = Variations, Mode = GenerationMode.Melody, Seed = (ulong)(songs * 7919 + 17) };
                var clock = Stopwatch.StartNew();
                // As the plug-in writes an answer: its plan, its first take streamed, its pool and choice.
                var answer = new AnswerWriting(AnswerPlan.For(firstHalf, start, key, settings), models, firstIsStreamed: true);
                var takes = answer.WriteAll();
                clock.Stop();
                sums[s].Add(takes, answer.Pool, clock.Elapsed.TotalMilliseconds, promptWindows, tail, key, lastPitch, lowest, highest);
            }
            progress?.Invoke($"{songs} {Path.GetFileName(file)}");
        }
        return new Report(songs, songs == 0 ? 0 : (double)songEchoes / songs, systems.Select((x, i) => sums[i].Figures(x.Name)).ToList());
    }

    /// <summary>Normalized edit distance between two pitch sequences (0 the same, 1 nothing in common).</summary>
    public static double PitchDistance(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count == 0 || b.Count == 0) return a.Count == b.Count ? 0 : 1;
        return NoteDistance.Normalized(a, b, (x, y) => x == y ? 0 : 1);
    }

    private sealed class Sums
    {
        private int _answers, _takes, _pairs, _pairsBelow, _echoes, _allEcho, _answersWithPairs;
        private double _pitch, _closest, _moves, _inKey, _leaps, _outside, _ms, _tokens;

        public void Add(IReadOnlyList<Take> takes, CandidatePool pool, double ms, OriginalityIndex promptWindows,
            IReadOnlyList<(int, int)> tail, Music.Key key, int lastPitch, int lowest, int highest)
        {
            _answers++;
            _ms += ms;
            _tokens += pool.Candidates.Sum(c => c.TokenCount);
            int echoes = 0;
            foreach (var take in takes)
            {
                _takes++;
                bool echo = ContinuationMetrics.Copies(promptWindows, tail, take.Notes);
                if (echo) echoes++;
                _inKey += ContinuationMetrics.InKeyRatio(take.Notes, key);
                var pitches = take.Notes.Where(n => !n.FromChord).Select(n => n.Pitch).ToList();
                _leaps += ContinuationMetrics.WideLeapRate(lastPitch, pitches);
                _outside += ContinuationMetrics.OutsideRangeRate(pitches, lowest, highest);
            }
            _echoes += echoes;
            if (takes.Count >= 2 && echoes == takes.Count) _allEcho++;
            if (takes.Count < 2) return;
            _answersWithPairs++;
            double closest = 1, sum = 0, moves = 0;
            int pairs = 0;
            for (int i = 0; i < takes.Count; i++)
                for (int j = i + 1; j < takes.Count; j++)
                {
                    double d = PitchDistance(Pitches(takes[i]), Pitches(takes[j]));
                    closest = Math.Min(closest, d);
                    sum += d;
                    moves += NoteDistance.Between(takes[i].Notes, takes[j].Notes);
                    pairs++;
                    if (d < 0.2) _pairsBelow++;
                }
            _pairs += pairs;
            _pitch += sum / pairs;
            _moves += moves / pairs;
            _closest += closest;
        }

        private static List<int> Pitches(Take take) => take.Notes.Where(n => !n.FromChord).Select(n => n.Pitch).ToList();

        public Figures Figures(string name)
        {
            double per(double v, int n) => n == 0 ? double.NaN : v / n;
            return new Figures(name, _answers, _takes, per(_pitch, _answersWithPairs), per(_pairsBelow, _pairs), per(_closest, _answersWithPairs),
                per(_moves, _answersWithPairs), per(_echoes, _takes), per(_allEcho, _answersWithPairs), per(_inKey, _takes),
                per(_leaps, _takes), per(_outside, _takes), per(_ms, _answers), per(_tokens, _answers));
        }
    }
}
