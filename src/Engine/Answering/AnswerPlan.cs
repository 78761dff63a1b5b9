using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Answering;

/// <summary>
/// What an answer continues and how, decided before its first note: the prompt (the last bars of the context before
/// the answer's start), the key, the controls, the prompt's melody (which the takes are kept apart from) and, for More
/// like this, the opening every candidate keeps. The plug-in, the command and the evaluation plan their answers here.
/// </summary>
public sealed record AnswerPlan
{
    /// <summary>Bars of context given to the model: enough for the phrase, short enough that the prefill keeps the
    /// first note within a few milliseconds (the style model remembers everything older).</summary>
    public const int PromptBars = 4;

    /// <summary>The prompt spans at least this many steps (four bars of 4/4), however short the bars: at 1/4 four bars
    /// are four beats, too little of the phrase for the model to follow.</summary>
    public const int PromptSteps = 64;

    /// <summary>Bars of context in a meter whose bars are <paramref name="barSteps"/> long.</summary>
    public static int PromptBarsOf(int barSteps) => Math.Max(PromptBars, (PromptSteps + barSteps - 1) / Math.Max(1, barSteps));

    /// <summary>Bars of the phrase the takes are compared with: how far each is from it (the editor's "new"), and the
    /// register they keep to.</summary>
    public const int CompareBars = 8;

    public required int[] Prompt { get; init; }
    /// <summary>Where the candidates start on the context's grid.</summary>
    public required int StartStep { get; init; }
    public required LeadBar LastBar { get; init; }
    public required Key Key { get; init; }
    public required GenerationSettings Settings { get; init; }
    /// <summary>The tokens of all of the player's music before the answer: what no take may replay 8 notes of
    /// (transposed or not, with their rhythm). All of it, not only the bars the model reads: the style model remembers
    /// all of it, and a phrase that repeats itself hands the model only its last round (on a repeated 4-bar line, the
    /// 4-bar prompt as the reference let 20 of 30 takes replay it). The plug-in's phrase is the listener's last 8 bars;
    /// the command's, the whole file (docs/evaluation.md has what each reference length gave).</summary>
    public required int[] EchoReference { get; init; }
    /// <summary>Its melody (the pool sets aside a candidate that replays it).</summary>
    public required IReadOnlyList<GeneratedNote> EchoMelody { get; init; }
    /// <summary>The phrase's last <see cref="CompareBars"/> bars of melody, which the candidates are compared with.</summary>
    public required IReadOnlyList<GeneratedNote> PromptMelody { get; init; }
    /// <summary>Notes every candidate starts with (the kept opening of the take asked for more of); none for an answer.</summary>
    public IReadOnlyList<GeneratedNote> Opening { get; init; } = Array.Empty<GeneratedNote>();

    /// <summary>An answer continuing <paramref name="context"/> from <paramref name="startStep"/>. Outside Melody mode a
    /// context without chords is harmonized first (the answer's chords follow on from them).</summary>
    public static AnswerPlan For(LeadSheet context, int startStep, Key key, GenerationSettings settings)
    {
        if (settings.Problem() is { } problem) throw new ArgumentOutOfRangeException(nameof(settings), problem);
        if (settings.Mode != GenerationMode.Melody) Harmonizer.AddChords(context, key);
        var lastBar = LastBarOf(context);
        return new AnswerPlan
        {
            Prompt = PromptBuilder.Build(context, startStep, PromptBarsOf(lastBar.LengthSteps), lastBar.Numerator, lastBar.Denominator),
            StartStep = startStep, LastBar = lastBar, Key = key, Settings = settings,
            EchoReference = PromptBuilder.Build(context, startStep, int.MaxValue, lastBar.Numerator, lastBar.Denominator),
            EchoMelody = CandidatePool.PromptMelody(context, startStep, int.MaxValue),
            PromptMelody = CandidatePool.PromptMelody(context, startStep, CompareBars),
        };
    }

    /// <summary>More like a take: every candidate keeps the take's first bar (its opening idea) and continues it anew,
    /// one bar shorter, as if the player had played that bar too.</summary>
    public static AnswerPlan KeepingOpening(LeadSheet context, int startStep, Take take, Key key, GenerationSettings settings)
    {
        var lastBar = LastBarOf(context);
        int from = startStep + lastBar.LengthSteps;
        var opening = take.Notes.Where(n => n.Step < from).ToArray();
        var extended = context.Quantized();
        extended.ExtendBars(from, lastBar.Numerator, lastBar.Denominator);
        foreach (var n in opening.Where(n => !n.FromChord)) extended.Melody.Add(new LeadNote(n.Step, n.Pitch, n.DurationSteps, n.Velocity));
        extended.Sort();
        return new AnswerPlan
        {
            Prompt = PromptBuilder.Build(extended, from, PromptBarsOf(lastBar.LengthSteps), lastBar.Numerator, lastBar.Denominator),
            StartStep = from, LastBar = lastBar, Key = key,
            Settings = settings with { Bars = Math.Max(1, settings.Bars - 1) },
            EchoReference = PromptBuilder.Build(context, startStep, int.MaxValue, lastBar.Numerator, lastBar.Denominator),
            EchoMelody = CandidatePool.PromptMelody(context, startStep, int.MaxValue),
            PromptMelody = CandidatePool.PromptMelody(context, startStep, CompareBars),
            Opening = opening,
        };
    }

    /// <summary>A candidate as written, with the kept opening before it.</summary>
    public Take WithOpening(Take candidate) =>
        Opening.Count == 0 ? candidate : candidate with { Notes = Opening.Concat(candidate.Notes).ToArray() };

    private static LeadBar LastBarOf(LeadSheet context) => context.Bars.Count > 0 ? context.Bars[^1] : new LeadBar(0, 4, 4);
}
