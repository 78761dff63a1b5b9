using System.Collections.Concurrent;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Generation.Pool;
using AiCoPilot.Engine.Listening;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Live;

/// <summary>What the editor asks of the session: it is queued from the UI thread and carried out on the engine thread.</summary>
public enum TakeCommandKind { SuggestNow, Audition, Accept, Regenerate, Delete, MoreLikeThis }

public readonly record struct TakeCommand(TakeCommandKind Kind, int Take = 0);

/// <summary>The editor's commands on the takes: audition, accept, regenerate, delete, more like this, suggest now.</summary>
public sealed partial class CopilotSession
{
    private readonly ConcurrentQueue<TakeCommand> _commands = new();
    private int _regenerations;
    private (int Take, double From, double To, bool Preview) _playing = (-1, double.NaN, double.NaN, false);

    /// <summary>Queues an editor command (any thread) and wakes the engine thread, which runs it next.</summary>
    public void Post(TakeCommand command)
    {
        _commands.Enqueue(command);
        WorkArrived?.Invoke();
    }

    /// <summary>Called (on the posting thread) when a command is queued: the engine thread's wake-up.</summary>
    public Action? WorkArrived { get; set; }

    // Engine thread: runs queued editor commands.
    private void RunCommands(long nowNanos)
    {
        while (_commands.TryDequeue(out var command))
        {
            switch (command.Kind)
            {
                case TakeCommandKind.SuggestNow:
                    if (_time.Valid && Settings.Enabled && _listener.Trigger(_time.PpqAt(nowNanos)) is { } phrase) Answer(phrase, nowNanos);
                    break;
                case TakeCommandKind.Audition: Play(command.Take, preview: true, nowNanos); break;
                case TakeCommandKind.Accept: Play(command.Take, preview: false, nowNanos); break;
                case TakeCommandKind.Regenerate: Regenerate(); break;
                case TakeCommandKind.Delete: Delete(command.Take); break;
                case TakeCommandKind.MoreLikeThis: MoreLikeThis(command.Take); break;
            }
        }
    }

    /// <summary>
    /// Plays a take from the next beat (audition: on the preview synth only) or from the next bar line (accept: on the
    /// MIDI output, so the DAW records it).
    /// </summary>
    private void Play(int take, bool preview, long nowNanos)
    {
        var takes = Takes;
        if (LastPhrase is not { } phrase || (uint)take >= (uint)takes.Count || !_time.Valid) return;
        double now = _time.PpqAt(nowNanos);
        double unit = preview ? 1.0 : phrase.Numerator * 4.0 / phrase.Denominator;
        double start = phrase.BarOriginPpq + Math.Ceiling((now - phrase.BarOriginPpq) / unit + 1e-9) * unit;
        double end = start;
        foreach (var note in takes[take].Notes)
        {
            double on = start + (note.Step - phrase.GenerationStartStep) / (double)TokenVocabulary.StepsPerQuarter;
            double off = Math.Max(on + 0.05, on + note.DurationSteps / (double)TokenVocabulary.StepsPerQuarter - 0.02);
            int velocity = Math.Clamp(note.Velocity, 1, 127);
            if (!_sink.TryEmit(new Suggestion(on, true, note.Pitch, velocity, take, _phraseCount, _generation, 0, preview))) SuggestionsDropped++;
            if (!_sink.TryEmit(new Suggestion(off, false, note.Pitch, 0, take, _phraseCount, _generation, 0, preview))) SuggestionsDropped++;
            end = Math.Max(end, off);
        }
        _playing = (take, start, end, preview);
        PublishSnapshot();
    }

    /// <summary>New variations of the last phrase with fresh seeds; they replace the takes as they are written (nothing
    /// is played). Written between inputs like an answer (<see cref="WorkOnAnswer"/>).</summary>
    private void Regenerate()
    {
        if (LastPhrase is not { } phrase) return;
        CancelAnswer();
        _regenerations++;
        var answer = Begin(phrase, (_phraseCount << 10) + _regenerations);
        _playing = (-1, double.NaN, double.NaN, false);
        _job = new AnswerJob(answer, _composer.Generator, streams: false, phraseEndNanos: 0, NowNanos());
        PublishSnapshot();
    }

    /// <summary>
    /// A new pool near a take: every candidate keeps the take's first bar (its opening idea) and continues it anew, and
    /// the takes shown are chosen from them as for an answer. Written between inputs; nothing is played.
    /// </summary>
    private void MoreLikeThis(int take)
    {
        var takes = Takes;
        if (LastPhrase is not { } phrase || (uint)take >= (uint)takes.Count) return;
        CancelAnswer();
        _regenerations++;
        // The phrase was learned (and harmonized) when it was answered: only the prompt is new.
        ApplyAdaptation();
        var lastBar = LastBarOf(phrase.Context);
        int start = phrase.GenerationStartStep + lastBar.LengthSteps;
        var opening = takes[take].Notes.Where(n => n.Step < start).ToArray();
        // The context as if the player had played the take's first bar too.
        var context = phrase.Context.Quantized();
        context.ExtendBars(start, lastBar.Numerator, lastBar.Denominator);
        foreach (var n in opening.Where(n => !n.FromChord)) context.Melody.Add(new LeadNote(n.Step, n.Pitch, n.DurationSteps, n.Velocity));
        context.Sort();
        int[] prompt = PromptBuilder.Build(context, start, PromptBars, lastBar.Numerator, lastBar.Denominator);
        var answerSettings = AnswerSettings((_phraseCount << 10) + _regenerations);
        var settings = answerSettings with { Bars = Math.Max(1, answerSettings.Bars - 1) };
        var answer = new PreparedAnswer
        {
            Phrase = phrase, Generation = settings, Settings = Settings, Prompt = prompt, LastBar = lastBar,
            ListenerVersion = _listener.Version, StartStep = start, Opening = opening,
            PromptMelody = CandidatePool.PromptMelody(phrase.Context, phrase.GenerationStartStep, PromptBars),
        };
        var generator = _composer.Generator;
        generator.Begin(prompt, start, lastBar.Numerator, lastBar.Denominator, settings, phrase.Key, 0);
        _playing = (-1, double.NaN, double.NaN, false);
        _job = new AnswerJob(answer, generator, streams: false, phraseEndNanos: 0, NowNanos());
        PublishSnapshot();
    }

    private void Delete(int take)
    {
        var takes = Takes;
        if ((uint)take >= (uint)takes.Count) return;
        var kept = takes.Where((_, i) => i != take).ToList();
        Takes = kept;
        if (_playing.Take == take) _playing = (-1, double.NaN, double.NaN, false);
        else if (_playing.Take > take) _playing.Take--;
        PublishSnapshot();
    }

    // Engine thread: the first take of a fresh answer plays from the continuation start.
    private void AnswerPlaying(Phrase phrase, IReadOnlyList<GeneratedNote> firstTake)
    {
        double start = phrase.ContinuationStartPpq;
        double end = firstTake.Count == 0 ? start : firstTake.Max(n => phrase.PlaybackPpq(n.Step + n.DurationSteps));
        _playing = (0, start, end, false);
    }
}
