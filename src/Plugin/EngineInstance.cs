using System.Runtime.InteropServices;
using AiCoPilot.Engine.Generation;
using System.Diagnostics;
using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Models.Neural;
using AiCoPilot.Plugin.Abi;

namespace AiCoPilot.Plugin;

/// <summary>
/// One plug-in instance's engine: the engine thread that drains the input ring into the <see cref="CopilotSession"/>,
/// reads the shared parameters and lets the session answer. Started at setActive(true), stopped at setActive(false).
/// </summary>
internal sealed unsafe class EngineInstance : IDisposable
{
    private readonly object _modelGate = new();
    private bool _disposed;
    private readonly NativeRing<InputEvent> _input;
    private readonly LiveSettingsReader _settings;
    private readonly CopilotSession _session;
    private Thread? _thread;
    private volatile bool _running;
    // The engine thread sleeps on this until there is work: a command, a stop, or the session's next timed work.
    private readonly AutoResetEvent _wake = new(false);
    // Input from the audio thread cannot wake it (that would need a system call there): it is drained at least
    // this often, which the input ring holds many times over.
    private const int IdleWakeMilliseconds = 20;
    private volatile string _status = "model loading";
    private volatile ModelState _modelState = ModelState.Loading;
    private double _modelLoadMs = -1;
    private Task? _modelLoad;
    private NeuralPredictor? _predictor;
    private NeuralPredictor? _playAlongPredictor;  // its own key/value cache: play-along never disturbs an answer
    private readonly Stopwatch _created = Stopwatch.StartNew();

    public EngineInstance(in EngineConfig config)
    {
        _input = new NativeRing<InputEvent>(config.InputRing, config.InputRecords);
        var output = new NativeRing<SuggestionEvent>(config.OutputRing, config.OutputRecords);
        if (!_input.IsValid || !output.IsValid || config.Params == null)
            throw new ArgumentException("rings or parameter block are not what the ABI says");
        _settings = new LiveSettingsReader(config.Params, new ParameterBinding(config.Parameters, config.ParameterCount));
        LogDirectory = config.LogDirectory == null ? null : Marshal.PtrToStringUTF8((IntPtr)config.LogDirectory);
        BundleDirectory = config.BundleDirectory == null ? "" : Marshal.PtrToStringUTF8((IntPtr)config.BundleDirectory) ?? "";
        _session = new CopilotSession(new RingSuggestionSink(output));
        _session.WorkArrived = () => _wake.Set();
    }

    public string? LogDirectory { get; }

    /// <summary>Why the last call through the ABI failed, for aicp_engine_last_error ("" when none has).</summary>
    public string LastError { get => _lastError; set => _lastError = value ?? ""; }
    private volatile string _lastError = "";
    public string BundleDirectory { get; }

    /// <summary>Where the model is: AICOPILOT_MODEL, else Contents/Resources/aicopilot.onnx of the bundle.</summary>
    public string ModelPath => Environment.GetEnvironmentVariable("AICOPILOT_MODEL") is { Length: > 0 } overridden
        ? overridden : Path.GetFullPath(Path.Combine(BundleDirectory, "..", "Resources", "aicopilot.onnx"));
    public CopilotSession Session => _session;

    public string Status
    {
        get
        {
            var answers = _session.Answers;
            var key = answers.LastKey is { } k ? k.ToString() : "no phrase yet";
            var style = _session.Style.Footprint;
            var gc = GC.GetGCMemoryInfo();
            var full = LastFullCollection();
            string answering = answers.Progress is { Length: > 0 } progress ? "; " + progress : "";
            return $"{_status}{answering}; key {key}; phrases {answers.PhraseCount}; style tokens {_session.Style.PlayedTokens}, {style.Contexts} contexts, {style.Followers} followers, {style.UsedBytes / 1024} KiB learned ({style.AllocatedBytes / 1024} KiB allocated); managed heap {Mib(gc.HeapSizeBytes)} MiB (committed {Mib(gc.TotalCommittedBytes)} MiB); live after the last full collection {Mib(full.PromotedBytes)} MiB (collection {full.Index}); allocated {Mib(GC.GetTotalAllocatedBytes())} MiB since start, {GC.CollectionCount(2)} full collections, {GC.CollectionCount(0)} in all, paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms; last answer's first note {answers.LastFirstNoteMs:F2} ms, whole answer {answers.LastAnswerMs:F0} ms";
        }
    }

    /// <summary>The engine's figures, typed (aicp_engine_metrics): what <see cref="Status"/> tells people. Any thread;
    /// each figure is read as the engine thread last wrote it.</summary>
    public EngineMetrics Metrics
    {
        get
        {
            var answers = _session.Answers;
            var style = _session.Style.Footprint;
            var gc = GC.GetGCMemoryInfo();
            var trade = _session.Trade;
            var (leadMin, leadP1, leadP50) = trade.LeadMilliseconds;
            return new EngineMetrics
            {
                StructSize = (uint)sizeof(EngineMetrics),
                ModelState = (int)_modelState,
                Answering = _session.IsAnswering ? 1 : 0,
                PhrasesAnswered = answers.PhraseCount,
                PreparedAnswers = answers.PreparedAnswers,
                ChordsPlayed = _session.PlayAlong.ChordLeadBeats.Count,
                SuggestionsDropped = _session.Notes.Dropped,
                StyleTokens = _session.Style.PlayedTokens,
                StyleContexts = style.Contexts,
                StyleFollowers = style.Followers,
                StyleUsedBytes = style.UsedBytes,
                StyleAllocatedBytes = style.AllocatedBytes,
                LibraryTokens = _session.Style.LibraryTokens,
                ManagedHeapBytes = gc.HeapSizeBytes,
                ManagedCommittedBytes = gc.TotalCommittedBytes,
                LiveAfterFullGcBytes = LastFullCollection().PromotedBytes,
                TotalAllocatedBytes = GC.GetTotalAllocatedBytes(),
                GcCollections = GC.CollectionCount(0),
                GcFullCollections = GC.CollectionCount(2),
                GcPauseMs = GC.GetTotalPauseDuration().TotalMilliseconds,
                LastFirstNoteMs = answers.LastFirstNoteMs,
                LastAnswerMs = answers.LastAnswerMs,
                LastPoolSize = answers.LastPoolSize,
                ModelLoadMs = Volatile.Read(ref _modelLoadMs),
                TradeAnswers = trade.Answers,
                TradeAnswersLate = trade.LateAnswers,
                TradeLeadMsMin = leadMin,
                TradeLeadMsP1 = leadP1,
                TradeLeadMsP50 = leadP50,
            };
        }
    }

    // What survived the last full collection is the heap's live size; the heap between collections also holds garbage,
    // so only this figure tells a leak from a lazy collector.
    private static GCMemoryInfo LastFullCollection()
    {
        var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var background = GC.GetGCMemoryInfo(GCKind.Background);
        return background.Index > blocking.Index ? background : blocking;
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The model part of the status: loaded, loading, or why not (the editor's status line).</summary>
    public string ModelStatus => _status;

    public void Start()
    {
        if (_running) return;
        // The model loads in the background: instantiation and activation never wait for it, and until it is ready
        // (or if it cannot load) the co-pilot answers from the player's style alone.
        _modelLoad ??= Task.Run(LoadModel);
        _running = true;
        _thread = new Thread(Run) { IsBackground = true, Name = "AiCoPilot engine" };
        _thread.Start();
    }

    public void Stop()
    {
        _running = false;
        _wake.Set();
        _thread?.Join();  // the engine thread leaves within one note of any answer it is writing
        _thread = null;
        _session.Answers.Cancel();  // the engine thread has stopped: its batch goes back to the stock
    }

    /// <summary>Stops the engine thread and frees the model's buffers (they are pinned for ONNX Runtime).</summary>
    public void Dispose()
    {
        Stop();
        // A model still loading must finish first: ONNX Runtime torn down mid-load by a host that exits next
        // crashes the process (seen in the test host at exit).
        try { _modelLoad?.Wait(TimeSpan.FromSeconds(30)); } catch (AggregateException) { }
        lock (_modelGate)
        {
            // The session still names the predictors, but its thread has stopped and never runs again.
            _disposed = true;
            _predictor?.Dispose();
            _predictor = null;
            _playAlongPredictor?.Dispose();
            _playAlongPredictor = null;
        }
        _wake.Dispose();
    }

    private void LoadModel()
    {
        try
        {
            OnnxRuntimeLoader.Configure(BundleDirectory);
            var model = NeuralModel.LoadShared(ModelPath);
            var (guard, guardState) = LoadOriginalityIndex();
            lock (_modelGate)
            {
                if (_disposed) return;  // the instance went away while the model loaded
                _predictor = new NeuralPredictor(model);
                _playAlongPredictor = new NeuralPredictor(model);
                // Put in place by the engine thread at its next safe point (an answer being written keeps its models).
                _session.UseModels(_predictor, _playAlongPredictor, guard);
            }
            Volatile.Write(ref _modelLoadMs, _created.Elapsed.TotalMilliseconds);
            _status = $"model ready ({model.ParameterCount / 1e6:F1}M parameters, {_created.ElapsedMilliseconds} ms after instantiation, {guardState})";
            _modelState = ModelState.Ready;
        }
        catch (ModelContractException e)
        {
            _status = "style model only: " + e.Message;
            _modelState = ModelState.StyleOnly;
            EngineLog.Write(LogDirectory, _status);
        }
        catch (Exception e)
        {
            // A missing ONNX Runtime library surfaces as a type initializer's exception around the DllNotFoundException.
            Exception cause = e is TypeInitializationException { InnerException: { } inner } ? inner : e;
            _status = "style model only: the model could not load (" + cause.GetType().Name + ": " + cause.Message + ")";
            _modelState = ModelState.StyleOnly;
            EngineLog.Write(LogDirectory, _status);
        }
    }

    // The originality guard's index sits beside the model; without it suggestions are not checked for copies.
    private (OriginalityIndex? Index, string State) LoadOriginalityIndex()
    {
        string path = Path.Combine(Path.GetDirectoryName(ModelPath) ?? ".", "originality.idx");
        try
        {
            return (OriginalityIndex.FromBytes(File.ReadAllBytes(path)), "originality guard on");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            EngineLog.Write(LogDirectory, "originality guard off: " + e.Message);
            return (null, "originality guard off");
        }
    }

    /// <summary>True once the model has loaded or failed (tests and the status line use it).</summary>
    public bool ModelSettled => _modelLoad is { IsCompleted: true };

    private void Run()
    {
        try
        {
            while (_running)
            {
                _session.Settings = _settings.Read();
                long now = CopilotSession.NowNanos();
                while (_input.TryPop(out var e))
                    _session.Handle(ToLiveInput(e), now);
                now = CopilotSession.NowNanos();
                _session.Poll(now);
                foreach (string line in _session.Style.TakeLearningLog()) EngineLog.Write(LogDirectory, line);
                if (_session.IsAnswering)
                {
                    _session.WorkOnAnswer(NotesPerTurn);  // then input, commands and parameters again
                    continue;
                }
                long wait = _session.NanosUntilWork(now) / 1_000_000;
                _wake.WaitOne((int)Math.Clamp(wait + 1, 1, IdleWakeMilliseconds));
            }
        }
        catch (Exception e)
        {
            // The engine stops answering, the plug-in keeps passing MIDI through; the reason goes to the log.
            _status = "engine stopped after an error: " + e.Message;
            _modelState = ModelState.Stopped;
            EngineLog.Write(LogDirectory, _status + "\n" + e);
        }
    }

    // Notes written per turn of the engine loop while an answer is being written (each a few tokens, well under a
    // millisecond): input, commands and parameter changes are looked at between turns.
    private const int NotesPerTurn = 2;

    private static LiveInput ToLiveInput(in InputEvent e) => new(
        (LiveInputKind)e.Kind, e.Ppq, e.Tempo, e.BarStartPpq, e.Numerator, e.Denominator,
        e.Channel, e.Data1, e.Data2, (e.Flags & InputEvent.FlagPlaying) != 0, e.Generation);

    /// <summary>A parameter's plain value as the wrapper last wrote it (any thread).</summary>
    public double Param(ParameterEntry entry) => _settings.Param(entry);

    /// <summary>The wrapper's slot of a parameter (what the editor names when it sets one).</summary>
    public int Slot(ParameterEntry entry) => _settings.Slot(entry);
}
