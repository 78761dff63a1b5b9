using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Music;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Generation;

/// <summary>
/// Streams one continuation, a note at a time: each note is returned as soon as its last token is sampled, so a
/// caller can schedule the first note before the rest exist. After <see cref="Begin"/> the token loop allocates no
/// managed memory. Steps are on the grid of the context: the first generated bar starts at the step given to Begin.
/// </summary>
public sealed class ContinuationGenerator
{
    private const int MaxTokensPerBar = 160;

    private readonly ITokenPredictor _predictor;
    private readonly TokenSampler _sampler = new();
    private readonly float[] _probabilities;
    private readonly int[] _pendingChordTones = new int[4];
    private readonly MelodyWindow _melody = new();
    private EarlierTakes _earlier = new();
    private TokenStreamDecoder _decoder;
    private DeterministicRandom _random;
    private GenerationSettings _settings = new();
    private int _pendingCount;
    private int _pendingIndex;
    private LeadChord _pendingChord;
    private ChordSymbol? _activeChord;
    private int _activeChordEnd;
    private int _tokenBudget;
    private bool _done;
    private int _notesInBar;
    private bool _previousBarSilent;
    private int _startStep;
    private int _onsets;
    private double _targetOnsetsPerStep;

    public ContinuationGenerator(ITokenPredictor predictor)
    {
        if (predictor.VocabularySize != TokenVocabulary.Size)
            throw new ArgumentException($"model vocabulary is {predictor.VocabularySize}, the tokenizer's is {TokenVocabulary.Size}");
        _predictor = predictor;
        _probabilities = new float[TokenVocabulary.Size];
    }

    public int TokensGenerated { get; private set; }

    /// <summary>The mean natural log of the probability the model gave each token sampled so far (before the
    /// sampler's masks and temperature): how likely the model finds this take. NaN before the first token.</summary>
    public double MeanLogProbability => TokensGenerated == 0 ? double.NaN : _logProbability / TokensGenerated;
    private double _logProbability;

    /// <summary>What the other takes of the answer played, to steer away from (shared by the candidates of a pool
    /// written side by side; each generator has its own otherwise).</summary>
    public EarlierTakes Earlier { get => _earlier; set => _earlier = value ?? new EarlierTakes(); }

    /// <summary>The training corpus's n-gram index; when set, no 8 consecutive notes of a training song are emitted.</summary>
    public OriginalityIndex? Guard { get; set; }
    public long GuardMasks => _sampler.GuardMasks;
    public long EchoSteers => _sampler.EchoSteers;
    // The prompt's own 8-note windows, when echoes are steered away from.
    private OriginalityIndex? _promptWindows;
    public bool Finished => _done && _pendingIndex >= _pendingCount;

    /// <summary>
    /// Starts a continuation. <paramref name="prompt"/> holds the context tokens up to (not including) the BAR that
    /// opens the first generated bar, which starts at <paramref name="startStep"/> in the given meter.
    /// <paramref name="echoReference"/>: the tokens of the player's music the take must not replay 8 notes of (the
    /// phrase, which may be longer than what the model reads); empty: the prompt.
    /// </summary>
    public void Begin(ReadOnlySpan<int> prompt, int startStep, int numerator, int denominator, GenerationSettings settings, Key key, int variation,
        ReadOnlySpan<int> echoReference = default)
    {
        if (settings.Problem() is { } problem) throw new ArgumentOutOfRangeException(nameof(settings), problem);
        _settings = settings;
        _sampler.Configure(_settings, _settings.Key ?? key);
        _random = new DeterministicRandom(DeterministicRandom.Derive(_settings.Seed, variation));
        _predictor.Prime(prompt);
        _promptWindows = _settings.EchoWeight < 1f ? OriginalityIndex.Build(new[] { (echoReference.IsEmpty ? prompt : echoReference).ToArray() }) : null;
        if (Guard is not null || _promptWindows is not null) FillMelodyWindow(prompt, startStep);
        // Variation 0 opens an answer; each later one is steered away from the notes the ones before it played.
        if (variation == 0) _earlier.NewAnswer(startStep);
        else _earlier.NextTake();
        _decoder = new TokenStreamDecoder(startStep);
        _decoder.SetMeter(numerator, denominator);
        _predictor.Accept(TokenVocabulary.Bar);
        _decoder.Push(TokenVocabulary.Bar);
        _pendingCount = _pendingIndex = 0;
        _activeChord = null;
        _tokenBudget = _settings.Bars * MaxTokensPerBar;
        TokensGenerated = 0;
        _logProbability = 0;
        _done = false;
        _notesInBar = 0;
        _previousBarSilent = true;  // the answer never opens with a silent bar
        _startStep = startStep;
        _onsets = 0;
        // Density is "fewer or more notes than you played": half the prompt's onset rate at 0, twice it at 1.
        _targetOnsetsPerStep = OnsetsPerStep(prompt) * Math.Pow(2, 2 * _settings.Density - 1);
        _sampler.DensityFeedback = 0;
    }

    /// <summary>Samples tokens until the next note is complete. False when the continuation is over.</summary>
    public bool TryNext(out GeneratedNote note)
    {
        while (true)
        {
            switch (Advance(out note))
            {
                case Progress.Note: return true;
                case Progress.Done: return false;
            }
        }
    }

    /// <summary>What one <see cref="Advance"/> did.</summary>
    public enum Progress { Token, Note, Done }

    /// <summary>
    /// Moves the continuation on by at most one sampled token: a chord tone still to give (no token), or one token,
    /// which may complete a note. A driver of several generators on one <see cref="Models.Neural.NeuralBatch"/> calls
    /// this once per generator per step, so every row accepts its token before the batch runs.
    /// </summary>
    public Progress Advance(out GeneratedNote note)
    {
        note = default;
        if (_pendingIndex < _pendingCount)
        {
            int pitch = _pendingChordTones[_pendingIndex++];
            note = new GeneratedNote(_pendingChord.Step, pitch, WithinAnswer(_pendingChord.Step, _pendingChord.DurationSteps), 80, FromChord: true);
            return Progress.Note;
        }
        if (_done || TokensGenerated >= _tokenBudget)
        {
            _done = true;
            return Progress.Done;
        }
        int token = NextToken();
        if (token < 0 || (token == TokenVocabulary.Bar && _decoder.BarCount >= _settings.Bars))
        {
            _done = true;  // no chord tone can be pending here: they are given first, above
            return Progress.Done;
        }
        _predictor.Accept(token);
        switch (_decoder.Push(token))
        {
            case DecodedEvent.BarStarted:
                _previousBarSilent = _notesInBar == 0;
                _notesInBar = 0;
                break;
            case DecodedEvent.Note:
                _notesInBar++;
                _melody.Add(_decoder.LastNote.Step, _decoder.LastNote.Pitch);
                _earlier.Played(_decoder.LastNote.Step, _decoder.LastNote.Pitch);
                note = new GeneratedNote(_decoder.LastNote.Step, _decoder.LastNote.Pitch, WithinAnswer(_decoder.LastNote.Step, _decoder.LastNote.DurationSteps), _decoder.LastNote.Velocity, FromChord: false);
                return Progress.Note;
            case DecodedEvent.Chord:
                StartChord(_decoder.LastChord);
                break;
        }
        return Progress.Token;
    }

    // A note of the answer's last bar ends by the answer's end: a take is as long as its bars (a take dragged out makes
    // a region of that length; in a trade the player's turn starts there), however long the model held it.
    private int WithinAnswer(int step, int durationSteps) =>
        _decoder.BarCount >= _settings.Bars ? Math.Min(durationSteps, Math.Max(1, _decoder.BarStartStep + _decoder.BarLengthSteps - step)) : durationSteps;

    private int NextToken()
    {
        _predictor.Predict(_probabilities);
        int position = _decoder.BarStartStep + Math.Max(0, _decoder.PositionInBar);
        ChordSymbol? chord = _activeChord is { } c && position < _activeChordEnd ? c : null;
        // A melody answer rests at most one bar at a time and never opens with a rest: its chords are silent.
        bool noteBeforeBarEnds = _settings.Mode == GenerationMode.Melody && _notesInBar == 0 && _previousBarSilent;
        _sampler.DensityFeedback = DensityFeedback(position);
        int token = _sampler.Sample(_probabilities, _decoder, chord, ref _random, Guard, _melody, noteBeforeBarEnds, _earlier, _promptWindows);
        if (token >= 0 && TokenVocabulary.KindOf(token) == TokenKind.Position) _onsets++;
        if ((uint)token < (uint)_probabilities.Length) _logProbability += Math.Log(Math.Max(TokenSampler.ModelProbability(_probabilities, _decoder, token), 1e-12f));
        TokensGenerated++;
        return token;
    }

    // Away from the neutral setting, the density slope grows with the onsets played beyond (or short of) the target
    // rate so far: a confident model (the player's style replaying a riff) still yields to the control.
    private float DensityFeedback(int position)
    {
        float strength = Math.Abs(_settings.Density - 0.5f) * 2f;
        if (strength == 0f || _targetOnsetsPerStep <= 0) return 0f;
        double excess = _onsets - _targetOnsetsPerStep * Math.Max(0, position - _startStep);
        return (float)Math.Clamp(strength * 0.75 * excess, -6, 6);
    }

    // Onsets (position tokens) per sixteenth step in the prompt; a note a beat when it has none.
    private static double OnsetsPerStep(ReadOnlySpan<int> prompt)
    {
        var decoder = new TokenStreamDecoder();
        int onsets = 0;
        foreach (int t in prompt)
        {
            if ((uint)t >= TokenVocabulary.Size) continue;
            if (decoder.Push(t) != DecodedEvent.Rejected && TokenVocabulary.KindOf(t) == TokenKind.Position) onsets++;
        }
        int steps = decoder.BarCount == 0 ? 0 : decoder.BarStartStep + decoder.BarLengthSteps;
        return onsets == 0 || steps == 0 ? 0.25 : (double)onsets / steps;
    }

    // The prompt's last melody notes, placed so that its bars end where the continuation starts.
    private void FillMelodyWindow(ReadOnlySpan<int> prompt, int startStep)
    {
        _melody.Clear();
        var decoder = new TokenStreamDecoder();
        Span<int> onsets = stackalloc int[OriginalityIndex.NoteCount];
        Span<int> pitches = stackalloc int[OriginalityIndex.NoteCount];
        int count = 0;
        foreach (int t in prompt)
        {
            if ((uint)t >= TokenVocabulary.Size || decoder.Push(t) != DecodedEvent.Note) continue;
            if (count == onsets.Length) { onsets[1..].CopyTo(onsets); pitches[1..].CopyTo(pitches); count--; }
            onsets[count] = decoder.LastNote.Step;
            pitches[count] = decoder.LastNote.Pitch;
            count++;
        }
        int offset = startStep - (decoder.BarStartStep + decoder.BarLengthSteps);
        for (int i = 0; i < count; i++) _melody.Add(onsets[i] + offset, pitches[i]);
    }

    private void StartChord(LeadChord chord)
    {
        _activeChord = chord.Chord;
        _activeChordEnd = chord.Step + chord.DurationSteps;
        _pendingChord = chord;
        var intervals = chord.Chord.IntervalsAboveRoot;
        // Close voicing with the root between C3 and B3, kept inside the pitch range where possible.
        int root = 48 + chord.Chord.Root;
        _pendingCount = 0;
        if (_settings.Mode == GenerationMode.Melody) { _pendingIndex = 0; return; }  // a silent chord: the melody's harmony
        for (int i = 0; i < intervals.Length && i < _pendingChordTones.Length; i++)
            _pendingChordTones[_pendingCount++] = Math.Clamp(root + intervals[i], 0, 127);
        _pendingIndex = 0;
    }
}
