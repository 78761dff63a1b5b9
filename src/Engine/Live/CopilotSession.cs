using System.Diagnostics;
using AiCoPilot.Engine.Listening;
using AiCoPilot.Engine.Models;

namespace AiCoPilot.Engine.Live;

/// <summary>
/// The live co-pilot of one plug-in instance, driven by the engine thread: it hands what the audio thread heard to the
/// phrase listener and the clock, gives each part the settings slice of its group, applies what other threads sent
/// (<see cref="SessionInbox"/>) at a safe point, and asks its parts for their work: the <see cref="Answerer"/> (answers
/// and takes), the <see cref="Trader"/> (trading bars: when the answers come), the <see cref="Accompanist"/> (play-along), the <see cref="StyleStore"/> (the player's style, lessons
/// from files, save and restore), the <see cref="ViewPublisher"/> (what the editor shows), all sending their notes
/// through one <see cref="NoteEmitter"/>. It holds no musical state of its own.
/// </summary>
public sealed class CopilotSession
{
    private readonly PhraseListener _listener = new(new PhraseListenerSettings { SilenceBeats = ParameterTable.SilenceBeats.Default });
    private readonly TimeReference _time = new();
    private readonly SessionInbox _inbox = new();
    private LiveSettings _settings = new();

    public CopilotSession(ISuggestionSink sink, ITokenPredictor? baseModel = null)
    {
        Notes = new NoteEmitter(sink);
        Style = new StyleStore();
        View = new ViewPublisher();
        Answers = new Answerer(_listener, _time, Style, Notes, View);
        PlayAlong = new Accompanist(_listener, Style, Notes, View);
        Trade = new Trader(_listener, Answers, _time);
        Answers.UseModels(baseModel, guard: null);
        Configure(_settings);
    }

    public Answerer Answers { get; }
    public Accompanist PlayAlong { get; }
    public Trader Trade { get; }
    public StyleStore Style { get; }
    public ViewPublisher View { get; }
    public NoteEmitter Notes { get; }

    /// <summary>What the editor shows; safe to read from any thread.</summary>
    public SessionSnapshot Snapshot => View.Snapshot;

    /// <summary>Engine thread: the parameters as they are now. Each part gets the slice of its group.</summary>
    public LiveSettings Settings
    {
        get => _settings;
        set
        {
            if (ReferenceEquals(value, _settings)) return;
            Configure(value);
        }
    }

    private void Configure(LiveSettings settings)
    {
        if (settings.Listen.SilenceBeats != _settings.Listen.SilenceBeats)
            _listener.Configure(new PhraseListenerSettings { SilenceBeats = settings.Listen.SilenceBeats });
        _settings = settings;
        Answers.Configure(settings.Answer, settings.Enabled, settings.Listen.SilenceBeats);
        PlayAlong.Configure(settings.PlayAlong, settings.Enabled, settings.Listen.SilenceBeats, (float)settings.Answer.Adaptation);
        // A turn's answer is decided as play-along decides its chords: "Commit ahead" beats before its downbeat.
        Trade.Configure(settings.Answer.Trade, settings.PlayAlong.CommitAhead, settings.Enabled);
    }

    /// <summary>Called (on the posting thread) when a message or files to learn arrive: the engine thread's wake-up.</summary>
    public Action? WorkArrived { get => _inbox.Arrived; set => _inbox.Arrived = value; }

    /// <summary>Any thread: an editor command, carried out on the engine thread next.</summary>
    public void Post(TakeCommand command) => _inbox.Post(new SessionMessage.Command(command));

    /// <summary>Any thread: the loaded models (null: none), put in place on the engine thread at its next safe point.</summary>
    public void UseModels(ITokenPredictor? answers, ITokenPredictor? playAlong, OriginalityIndex? guard) =>
        _inbox.Post(new SessionMessage.Models(answers, playAlong, guard));

    /// <summary>Any thread: teaches the style the musician's own files or folders (a file at a time, on the engine thread).</summary>
    public void LearnFrom(IEnumerable<string> paths)
    {
        Style.LearnFrom(paths);
        _inbox.Arrived?.Invoke();
    }

    /// <summary>Any thread: how far the style is in learning the player's files ("" when it was never asked to).</summary>
    public string LearningProgress => Style.LearningProgress;

    /// <summary>Any thread: the learned style as a project saves it.</summary>
    public byte[] SaveStyle() => Style.Save();

    /// <summary>Any thread: restores a saved style (put in place by the engine thread at its next safe point). On
    /// refusal the current style stays and the reason is returned.</summary>
    public bool LoadStyle(ReadOnlySpan<byte> data, out string reason)
    {
        if (!Style.Restore(data, out reason)) return false;
        _inbox.Arrived?.Invoke();
        return true;
    }

    /// <summary>True while an answer (or a regeneration) is being written.</summary>
    public bool IsAnswering => Answers.IsWriting;

    /// <summary>Engine thread: one event from the audio thread.</summary>
    public void Handle(in LiveInput input, long nowNanos)
    {
        switch (input.Kind)
        {
            case LiveInputKind.Clock:
                _time.Update(input.Ppq, input.Tempo, nowNanos);
                _listener.SetMeter(input.Numerator, input.Denominator, input.BarStartPpq);
                break;
            case LiveInputKind.NoteOn:
                _listener.NoteOn(input.Ppq, input.Data1, input.Data2, input.Channel);
                Trade.PlayerPlayed(input.Ppq);
                break;
            case LiveInputKind.NoteOff:
                _listener.NoteOff(input.Ppq, input.Data1, input.Channel);
                break;
            case LiveInputKind.Sustain:
                _listener.Sustain(input.Ppq, input.Data2 >= 64);
                break;
            case LiveInputKind.Jump:
                Notes.Jumped((uint)input.Generation);
                Answers.Jumped();
                PlayAlong.Jumped();
                Trade.Jumped();
                Style.Jumped();
                _listener.Reset();
                break;
            case LiveInputKind.Trigger:
                Answers.Trigger(input.Ppq, nowNanos);
                break;
        }
    }

    /// <summary>Engine thread, every millisecond or so: applies what other threads sent, then each part does what is
    /// due (play-along first: its chord has a downbeat to meet), then the next file to learn when nothing is being written.</summary>
    public void Poll(long nowNanos)
    {
        ApplyMessages(nowNanos);
        View.RefreshClock(_time, nowNanos);
        if (_settings.Enabled && _time.Valid)
        {
            double now = _time.PpqAt(nowNanos);
            PlayAlong.Poll(now);
            Trade.Poll(now, nowNanos);
            Answers.Poll(now, nowNanos);
        }
        // Files the musician gave to learn: one at a time, after the music's own work, never while an answer is written.
        if (!Answers.IsWriting) Style.LearnNextFile();
    }

    /// <summary>Engine thread: writes up to <paramref name="steps"/> more steps of the answer in progress.</summary>
    public void WorkOnAnswer(int steps) => Answers.Work(steps);

    /// <summary>
    /// Nanoseconds until the session has something to do without new input: a phrase end to prepare or answer, a
    /// pause to pre-read, a chord to decide (0: now; long.MaxValue: nothing timed). Input itself is noticed when the
    /// engine thread next drains its ring.
    /// </summary>
    public long NanosUntilWork(long nowNanos)
    {
        if (!_inbox.IsEmpty || Answers.IsWriting || Style.IsLearning || Style.HasRestoredStyle) return 0;
        if (!_settings.Enabled || !_time.Valid) return long.MaxValue;
        return Math.Min(Answers.NanosUntilWork(nowNanos), Math.Min(PlayAlong.NanosUntilWork(_time, nowNanos), Trade.NanosUntilWork(_time, nowNanos)));
    }

    private void ApplyMessages(long nowNanos)
    {
        Style.ApplyRestored();  // the answer models see the new style's version and are made again
        while (_inbox.TryTake(out var message))
        {
            switch (message)
            {
                case SessionMessage.Command { Take.Kind: TakeCommandKind.SuggestNow }:
                    if (_time.Valid) Answers.Trigger(_time.PpqAt(nowNanos), nowNanos);
                    break;
                case SessionMessage.Command command:
                    Answers.Command(command.Take, nowNanos);
                    break;
                case SessionMessage.Models models:
                    Answers.UseModels(models.Answers, models.Guard);
                    PlayAlong.UseModel(models.PlayAlong);
                    break;
            }
        }
    }

    /// <summary>Monotonic nanoseconds, the clock the wrapper reads too (CLOCK_MONOTONIC on Linux).</summary>
    public static long NowNanos() => (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
}
