using AiCoPilot.Engine.Listening;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Live;

/// <summary>
/// Trading bars ("trading fours"), on the engine thread: the player's turn is N bars counted from the bar of their
/// first note; the co-pilot's answer of N bars starts exactly on the next downbeat, decided "Commit ahead" beats before
/// it from everything played until then; then it is the player's turn again, for as long as they play on their turns.
/// A player who plays into the co-pilot's turn takes it back: the co-pilot stops at the next beat and the count starts
/// again from the player's bar. A turn the player leaves silent ends the trading until they play again. Owns the turn
/// count; the answers are the <see cref="Answerer"/>'s.
/// </summary>
public sealed class Trader
{
    // Beats before the commit point at which the model reads the turn so far, so the decision costs a few tokens.
    private const double WarmAheadBeats = 0.75;
    // A note this close before the co-pilot's turn ends is the player's next turn starting early, not a yield.
    private const double PickupBeats = 0.5;

    private readonly PhraseListener _listener;
    private readonly Answerer _answerer;
    private readonly TimeReference? _time;
    private int _bars;
    private double _commitAhead = ParameterTable.CommitAhead.Default;
    private bool _enabled = true;
    private Turn _turn = Turn.Waiting;
    private double _turnStartPpq, _turnEndPpq;
    private bool _playerPlayed;  // in the player's current (or next, during the co-pilot's) turn
    private bool _warmed;

    private enum Turn { Waiting, Player, Copilot }

    public Trader(PhraseListener listener, Answerer answerer, TimeReference? time = null)
    {
        _listener = listener;
        _answerer = answerer;
        _time = time;
    }

    /// <summary>Trading is on (a turn length is set and the co-pilot listens).</summary>
    public bool On => _enabled && _bars > 0;

    /// <summary>Answers the co-pilot decided on its turns (each was before its downbeat: see <see cref="LateAnswers"/>).</summary>
    public int Answers { get; private set; }
    /// <summary>Answers decided after their downbeat had passed (a stalled engine thread): 0 in a healthy run.</summary>
    public int LateAnswers { get; private set; }
    /// <summary>How far ahead of its downbeat each answer was decided, in beats (up to 100,000).</summary>
    public IReadOnlyList<double> DecisionLeadBeats => _leadBeats;
    private readonly List<double> _leadBeats = new();
    // The last LeadSlots decision leads in milliseconds at the tempo of their decision, written by the engine thread
    // only; read by any thread through LeadMilliseconds (the engine's typed figures), with no lock and no allocation.
    private const int LeadSlots = 1024;
    private readonly double[] _leadMs = new double[LeadSlots];
    private int _leadMsCount;

    /// <summary>How far ahead of their downbeats the answers were decided, in milliseconds at the tempo of each
    /// decision, over the last 1024: the smallest, the 1st and the 50th percentile (-1 each before the first answer).
    /// Any thread; allocates nothing.</summary>
    public (double Min, double P1, double P50) LeadMilliseconds
    {
        get
        {
            int count = Math.Min(Volatile.Read(ref _leadMsCount), LeadSlots);
            if (count == 0) return (-1, -1, -1);
            Span<double> leads = stackalloc double[LeadSlots];
            leads = leads[..count];
            _leadMs.AsSpan(0, count).CopyTo(leads);
            leads.Sort();
            return (leads[0], leads[(int)Math.Ceiling(0.01 * count) - 1], leads[(int)Math.Ceiling(0.5 * count) - 1]);
        }
    }

    /// <summary>How often the player took the co-pilot's turn back.</summary>
    public int Yields { get; private set; }

    /// <summary>The turn length, when the answer is decided, and whether the co-pilot listens at all.</summary>
    public void Configure(TradeLength length, double commitAheadBeats, bool enabled)
    {
        int bars = length switch { TradeLength.OneBar => 1, TradeLength.TwoBars => 2, TradeLength.FourBars => 4, TradeLength.EightBars => 8, _ => 0 };
        if (bars != _bars || enabled != _enabled) Stop();
        _bars = bars;
        _commitAhead = commitAheadBeats;
        _enabled = enabled;
    }

    /// <summary>A note the player struck.</summary>
    public void PlayerPlayed(double ppq)
    {
        if (!On) return;
        switch (_turn)
        {
            case Turn.Waiting:
                StartPlayerTurn(BarLineAtOrBefore(ppq));
                _playerPlayed = true;
                break;
            case Turn.Player:
                _playerPlayed = true;
                break;
            case Turn.Copilot when ppq < _turnStartPpq:
                break;  // the last notes of the player's own turn, heard after the decision
            case Turn.Copilot when ppq >= _turnEndPpq - PickupBeats:
                _playerPlayed = true;  // their next turn, starting a touch early
                break;
            case Turn.Copilot:
                // Played into the co-pilot's turn: it stops at the next beat, and the player's turn starts again here.
                _answerer.Yield(NextBeatAtOrAfter(ppq + TurnNotes.SendAheadBeats));
                Yields++;
                StartPlayerTurn(BarLineAtOrBefore(ppq));
                _playerPlayed = true;
                break;
        }
    }

    /// <summary>Engine thread: warms the model before a decision, decides the co-pilot's answer at the commit point,
    /// and hands the turn back to the player when the answer's bars are over.</summary>
    public void Poll(double now, long nowNanos)
    {
        if (!On) return;
        if (_turn == Turn.Copilot && now >= _turnEndPpq - 1e-9)
        {
            bool played = _playerPlayed;
            StartPlayerTurn(_turnEndPpq);
            _playerPlayed = played;
        }
        if (_turn != Turn.Player) return;
        double commit = _turnEndPpq - _commitAhead;
        if (!_warmed && now >= commit - WarmAheadBeats)
        {
            _warmed = true;
            if (_playerPlayed) _answerer.WarmFor(now);
        }
        if (now < commit - 1e-9) return;
        if (!_playerPlayed)
        {
            _turn = Turn.Waiting;  // the player left their turn silent: no trading until they play again
            return;
        }
        double downbeat = _turnEndPpq, end = downbeat + _bars * BarPpq;
        if (_answerer.AnswerTurn(now, nowNanos, downbeat, end, _bars))
        {
            Answers++;
            if (now > downbeat) LateAnswers++;
            if (_leadBeats.Count < 100_000) _leadBeats.Add(downbeat - now);
            double tempo = _time is { Valid: true } t ? t.Tempo : 120;
            int slot = _leadMsCount;
            _leadMs[slot % LeadSlots] = (downbeat - now) * 60_000.0 / tempo;
            Volatile.Write(ref _leadMsCount, slot + 1);
        }
        _turn = Turn.Copilot;
        _turnStartPpq = downbeat;
        _turnEndPpq = end;
        _playerPlayed = false;
    }

    /// <summary>Nanoseconds until the trade has something to do (long.MaxValue: nothing).</summary>
    public long NanosUntilWork(TimeReference time, long nowNanos)
    {
        if (!On || !time.Valid || _turn == Turn.Waiting) return long.MaxValue;
        double next = _turn == Turn.Copilot ? _turnEndPpq
            : _warmed ? _turnEndPpq - _commitAhead : _turnEndPpq - _commitAhead - WarmAheadBeats;
        return Math.Max(0, time.NanosAt(next) - nowNanos);
    }

    /// <summary>A transport jump or stop: no turn stands (the notes were silenced by the audio thread).</summary>
    public void Jumped() => Stop();

    private void Stop()
    {
        _turn = Turn.Waiting;
        _playerPlayed = false;
    }

    private void StartPlayerTurn(double startPpq)
    {
        _turn = Turn.Player;
        _turnStartPpq = startPpq;
        _turnEndPpq = startPpq + _bars * BarPpq;
        _playerPlayed = false;
        _warmed = false;
    }

    private double BarPpq => _listener.BarLengthSteps / (double)TokenVocabulary.StepsPerQuarter;

    private double BarLineAtOrBefore(double ppq) =>
        _listener.BarOriginPpq + Math.Floor((ppq - _listener.BarOriginPpq) / BarPpq + 1e-9) * BarPpq;

    private double NextBeatAtOrAfter(double ppq)
    {
        double beat = 4.0 / _listener.Denominator;
        return _listener.BarOriginPpq + Math.Ceiling((ppq - _listener.BarOriginPpq) / beat - 1e-9) * beat;
    }
}
