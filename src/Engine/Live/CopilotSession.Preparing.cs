using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Live;

/// <summary>Getting ready while the player pauses, so an answer's first note follows its phrase end at once.</summary>
public sealed partial class CopilotSession
{
    // While the player pauses, the base model reads the phrase so far: when the phrase ends, only what changed since
    // is left to read, and the first note follows within a few milliseconds (the neural model's cache keeps the
    // common part of the prompt; see NeuralPredictor.Prime).
    private void Prepare(double now)
    {
        if (_baseModel is null || _job is not null || _listener.IsSounding || !_listener.HasUnansweredNotes) return;
        if (now - _preparedAtPpq < 0.5) return;
        if (_listener.Peek(now) is not { } phrase) return;
        _preparedAtPpq = now;
        if (Settings.Mode != GenerationMode.Melody) Harmonizer.AddChords(phrase.Context, phrase.Key);  // as Answer will
        var lastBar = phrase.Context.Bars.Count > 0 ? phrase.Context.Bars[^1] : new LeadBar(0, 4, 4);
        int[] prompt = PromptBuilder.Build(phrase.Context, phrase.GenerationStartStep, PromptBars, lastBar.Numerator, lastBar.Denominator);
        _baseModel.Prime(prompt);  // the engine thread's own: no lock
    }

    // In the last half beat before a pause becomes a phrase end, the answer is begun and its first notes sampled,
    // so when the phrase ends they go out at once. A note played in the meantime makes it stale: it is dropped.
    private void PrepareAnswer(double now)
    {
        if (_pending is { } pending && pending.ListenerVersion != _listener.Version) _pending = null;
        double end = _listener.PhraseEndPpq;
        if (_pending is not null || _job is not null || !double.IsFinite(end) || end - now > PrepareAheadBeats) return;
        if (_listener.Peek(end) is not { } phrase) return;
        var answer = Begin(phrase, _phraseCount + 1);
        var generator = _composer.Generator;
        while (answer.Notes.Count < NotesPreparedAhead && generator.TryNext(out var note)) answer.Notes.Add(note);
        _pending = answer;
    }
}
