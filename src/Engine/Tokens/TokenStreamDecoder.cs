using AiCoPilot.Engine.Music;

namespace AiCoPilot.Engine.Tokens;

/// <summary>What pushing one token completed.</summary>
public enum DecodedEvent { None, BarStarted, MeterChanged, Note, Chord, End, Rejected }

/// <summary>
/// Incremental, allocation-free decoder of a token stream: the generator feeds it sampled tokens and gets each note
/// the moment its last token arrives. It also knows which token kinds may come next (<see cref="Allows"/>), which is
/// the grammar both the tokenizer and the generator follow.
/// </summary>
public struct TokenStreamDecoder
{
    private enum State { Start, AfterBar, AfterMeter, AfterPosition, AfterChord, AfterChordDuration, AfterPitch, AfterNoteDuration, AfterVelocity, Ended }

    private State _state;
    private bool _barSeen;
    private int _barLength;
    private int _position;      // step within the bar of the last POS, -1 before one
    private int _pendingPitch;
    private int _lastPitchAtPosition;   // the lowest note so far at the current position (notes go highest first)
    private int _pendingDuration;
    private ChordSymbol _pendingChord;

    public TokenStreamDecoder() : this(0) { }

    /// <summary>A decoder whose first BAR starts at <paramref name="firstBarStep"/>.</summary>
    public TokenStreamDecoder(int firstBarStep)
    {
        _state = State.Start;
        _barSeen = false;
        BarStartStep = firstBarStep;
        Numerator = 4; Denominator = 4;
        _barLength = 16;
        _position = -1;
        _pendingPitch = 0; _lastPitchAtPosition = 0; _pendingDuration = 0; _pendingChord = default;
        LastNote = default; LastChord = default;
        BarCount = 0;
        EventsInBar = 0;
    }

    public int BarStartStep { get; private set; }
    public int Numerator { get; private set; }
    public int Denominator { get; private set; }
    public int BarLengthSteps => _barLength;
    public int BarCount { get; private set; }
    public int PositionInBar => _position;

    /// <summary>Notes and chords completed in the current bar.</summary>
    public int EventsInBar { get; private set; }

    /// <summary>True right after a POS token (before its chord or pitch).</summary>
    public readonly bool AwaitingEventAtPosition => _state == State.AfterPosition;

    /// <summary>True right after a note: a PITCH now would be a second note at the same position (lower than the
    /// last, as the grammar writes them), a BAR or a later POS moves on.</summary>
    public readonly bool AfterNote => _state == State.AfterVelocity;

    /// <summary>Sets the meter of the bars that follow without a METER token (used to continue a known context).</summary>
    public void SetMeter(int numerator, int denominator)
    {
        (Numerator, Denominator) = TokenVocabulary.CanonicalMeter(numerator, denominator);
        _barLength = Numerator * 16 / Denominator;
    }
    public bool Ended => _state == State.Ended;
    public LeadNote LastNote { get; private set; }
    public LeadChord LastChord { get; private set; }

    /// <summary>True when <paramref name="id"/> may come next. Positions must rise within a bar and fit in it.</summary>
    public readonly bool Allows(int id)
    {
        var kind = TokenVocabulary.KindOf(id);
        switch (_state)
        {
            case State.Start:
                return kind is TokenKind.Bos or TokenKind.Bar;
            case State.AfterBar:
                return kind is TokenKind.Meter or TokenKind.Bar or TokenKind.Eos || (kind == TokenKind.Position && PositionFits(id));
            case State.AfterMeter:
            case State.AfterChordDuration:
            case State.AfterVelocity:
                if (kind is TokenKind.Bar or TokenKind.Eos) return true;
                if (kind == TokenKind.Position) return PositionFits(id);
                if (kind == TokenKind.Pitch)
                    return _state == State.AfterChordDuration || (_state == State.AfterVelocity && TokenVocabulary.PitchOf(id) < _lastPitchAtPosition);
                return false;
            case State.AfterPosition:
                return kind is TokenKind.Pitch or TokenKind.Chord;
            case State.AfterChord:
            case State.AfterPitch:
                return kind == TokenKind.Duration;
            case State.AfterNoteDuration:
                return kind == TokenKind.Velocity;
            default:
                return false;
        }
    }

    private readonly bool PositionFits(int id)
    {
        int step = TokenVocabulary.StepOfPosition(id);
        return step > _position && step < _barLength;
    }

    /// <summary>Feeds one token. A token the grammar does not allow is ignored and reported as <see cref="DecodedEvent.Rejected"/>.</summary>
    public DecodedEvent Push(int id)
    {
        if (id == TokenVocabulary.Pad) return DecodedEvent.None;
        if (!Allows(id)) return DecodedEvent.Rejected;
        switch (TokenVocabulary.KindOf(id))
        {
            case TokenKind.Bos:
                return DecodedEvent.None;
            case TokenKind.Eos:
                _state = State.Ended;
                return DecodedEvent.End;
            case TokenKind.Bar:
                if (_barSeen) BarStartStep += _barLength;
                _barSeen = true;
                BarCount++;
                EventsInBar = 0;
                _position = -1;
                _state = State.AfterBar;
                return DecodedEvent.BarStarted;
            case TokenKind.Meter:
                (Numerator, Denominator) = TokenVocabulary.MeterOf(id);
                _barLength = TokenVocabulary.StepsOfMeter(id);
                _state = State.AfterMeter;
                return DecodedEvent.MeterChanged;
            case TokenKind.Position:
                _position = TokenVocabulary.StepOfPosition(id);
                _state = State.AfterPosition;
                return DecodedEvent.None;
            case TokenKind.Chord:
                _pendingChord = TokenVocabulary.ChordOf(id);
                _state = State.AfterChord;
                return DecodedEvent.None;
            case TokenKind.Pitch:
                _pendingPitch = TokenVocabulary.PitchOf(id);
                _state = State.AfterPitch;
                return DecodedEvent.None;
            case TokenKind.Duration when _state == State.AfterChord:
                LastChord = new LeadChord(BarStartStep + _position, _pendingChord, TokenVocabulary.StepsOfDuration(id));
                EventsInBar++;
                _state = State.AfterChordDuration;
                return DecodedEvent.Chord;
            case TokenKind.Duration:
                _pendingDuration = TokenVocabulary.StepsOfDuration(id);
                _state = State.AfterNoteDuration;
                return DecodedEvent.None;
            case TokenKind.Velocity:
                _lastPitchAtPosition = _pendingPitch;
                LastNote = new LeadNote(BarStartStep + _position, _pendingPitch, _pendingDuration,
                    TokenVocabulary.VelocityOfBucket(id - TokenVocabulary.VelocityBase));
                EventsInBar++;
                _state = State.AfterVelocity;
                return DecodedEvent.Note;
            default:
                return DecodedEvent.Rejected;
        }
    }
}
