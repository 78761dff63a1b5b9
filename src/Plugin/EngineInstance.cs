using System.Runtime.InteropServices;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Live;
using AiCoPilot.Plugin.Abi;

namespace AiCoPilot.Plugin;

/// <summary>
/// One plug-in instance's engine: the engine thread that drains the input ring into the <see cref="CopilotSession"/>,
/// reads the shared parameters and lets the session answer. Started at setActive(true), stopped at setActive(false).
/// </summary>
internal sealed unsafe class EngineInstance
{
    private readonly NativeRing<InputEvent> _input;
    private readonly double* _params;
    private readonly CopilotSession _session;
    private Thread? _thread;
    private volatile bool _running;
    private volatile string _status = "ready: style model only (no neural model yet)";

    public EngineInstance(in EngineConfig config)
    {
        _input = new NativeRing<InputEvent>(config.InputRing, config.InputRecords);
        var output = new NativeRing<SuggestionEvent>(config.OutputRing, config.OutputRecords);
        if (!_input.IsValid || !output.IsValid || config.Params == null)
            throw new ArgumentException("rings or parameter block are not what the ABI says");
        _params = config.Params;
        LogDirectory = config.LogDirectory == null ? null : Marshal.PtrToStringUTF8((IntPtr)config.LogDirectory);
        _session = new CopilotSession(new RingSuggestionSink(output));
    }

    public string? LogDirectory { get; }
    public CopilotSession Session => _session;

    public string Status
    {
        get
        {
            var key = _session.LastKey is { } k ? k.ToString() : "no phrase yet";
            return $"{_status}; key {key}; phrases {_session.PhraseCount}; style tokens {_session.StyleTokens}";
        }
    }

    public void Start()
    {
        if (_running) return;
        _running = true;
        _thread = new Thread(Run) { IsBackground = true, Name = "AiCoPilot engine" };
        _thread.Start();
    }

    public void Stop()
    {
        _running = false;
        _thread?.Join();
        _thread = null;
    }

    private void Run()
    {
        try
        {
            while (_running)
            {
                _session.Settings = ReadSettings();
                long now = CopilotSession.NowNanos();
                while (_input.TryPop(out var e))
                    _session.Handle(ToLiveInput(e), now);
                _session.Poll(CopilotSession.NowNanos());
                Thread.Sleep(1);
            }
        }
        catch (Exception e)
        {
            // The engine stops answering, the plug-in keeps passing MIDI through; the reason goes to the log.
            _status = "engine stopped after an error: " + e.Message;
            EngineLog.Write(LogDirectory, _status + "\n" + e);
        }
    }

    private static LiveInput ToLiveInput(in InputEvent e) => new(
        (LiveInputKind)e.Kind, e.Ppq, e.Tempo, e.BarStartPpq, e.Numerator, e.Denominator,
        e.Channel, e.Data1, e.Data2, (e.Flags & 1) != 0, e.SampleTime);

    private double Param(ParamIndex index) => Volatile.Read(ref _params[(int)index]);

    private LiveSettings ReadSettings() => new()
    {
        Enabled = Param(ParamIndex.Enabled) >= 0.5 && Param(ParamIndex.Bypass) < 0.5,
        Mode = (GenerationMode)Math.Clamp((int)Math.Round(Param(ParamIndex.Mode)), 0, 2),
        AutoAnswer = Param(ParamIndex.Auto) >= 0.5,
        Bars = Math.Clamp((int)Math.Round(Param(ParamIndex.Bars)), 1, 16),
        Temperature = (float)Param(ParamIndex.Temperature),
        Density = (float)(Param(ParamIndex.Density) / 100.0),
        KeyLock = Param(ParamIndex.KeyLock) >= 0.5,
        Adaptation = (float)(Param(ParamIndex.Adaptation) / 100.0),
        Variations = Math.Clamp((int)Math.Round(Param(ParamIndex.Variations)), 1, 8),
        SilenceBeats = Math.Clamp(Param(ParamIndex.SilenceBeats), 0.25, 16),
    };
}
