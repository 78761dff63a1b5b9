using System.Collections.Concurrent;
using AiCoPilot.Engine.Listening;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Offline;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Live;

/// <summary>
/// The player's style, owned by the engine thread: the model of what they play (learned phrase by phrase and at each
/// play-along downbeat) and the library of the files they taught it (Learn files, one file at a time between the
/// music's work). Saved with the project and restored from it.
/// Other threads touch it only through its lock: a host saving its project reads the models under it (the engine
/// thread holds it only while a model learns, never while an answer is written); a host restoring a project hands
/// over the parsed models, which the engine thread puts in place at its next safe point (<see cref="ApplyRestored"/>),
/// so nothing the engine thread reads is swapped under it. Until then a save returns the restored style.
/// </summary>
public sealed class StyleStore
{
    private readonly object _lock = new();
    private VariableOrderMarkovModel _played = MarkovModels.CreateStyleModel();
    private VariableOrderMarkovModel? _library;
    private (VariableOrderMarkovModel Played, VariableOrderMarkovModel? Library)? _restored;
    private double _learnedUpToPpq = double.NegativeInfinity;
    private readonly ConcurrentQueue<StyleFromFiles> _lessons = new();
    private StyleFromFiles? _lesson;
    private int _reported;  // problems of the current lesson already queued for the log
    private readonly ConcurrentQueue<string> _learningLog = new();
    private string _learningProgress = "";

    /// <summary>Engine thread: what the player played (the models an answer blends read this without the lock: only
    /// the engine thread changes it).</summary>
    public VariableOrderMarkovModel Played => _played;
    /// <summary>Engine thread: what the player's files taught (null: none yet).</summary>
    public VariableOrderMarkovModel? Library => _library;

    /// <summary>Changes whenever the models are replaced (a restored project, the first file of a library), so whoever
    /// built a predictor on them builds it again.</summary>
    public int Version { get; private set; }

    /// <summary>Engine thread: after a transport jump the next phrase is learned from its first note.</summary>
    public void Jumped() => _learnedUpToPpq = double.NegativeInfinity;

    /// <summary>Engine thread: learns the notes of the phrase it has not heard before.</summary>
    public void Learn(Phrase phrase)
    {
        var fresh = phrase.Notes.Where(n => n.StartPpq >= _learnedUpToPpq).ToList();
        if (fresh.Count == 0) return;
        double from = fresh.Min(n => n.StartPpq);
        int fromStep = (int)Math.Round((from - phrase.BarOriginPpq) * TokenVocabulary.StepsPerQuarter);
        var sheet = new LeadSheet();
        foreach (var bar in phrase.Context.Bars)
            if (bar.EndStep > fromStep) sheet.Bars.Add(bar);
        if (sheet.Bars.Count == 0) return;
        int start = sheet.Bars[0].StartStep;
        sheet.Melody.AddRange(phrase.Context.Melody.Where(n => n.Step >= start));
        sheet.Chords.AddRange(phrase.Context.Chords.Where(c => c.Step >= start));
        int[] tokens = Tokenizer.Encode(sheet).ToArray();
        lock (_lock) _played.Train(tokens);  // the only wait a saving host can meet
        _learnedUpToPpq = phrase.Notes.Max(n => n.EndPpq);
    }

    /// <summary>Teaches the style the musician's own files or folders (any thread): learned a file at a time on the
    /// engine thread; <see cref="LearningProgress"/> says how far it is.</summary>
    public void LearnFrom(IEnumerable<string> paths) => _lessons.Enqueue(new StyleFromFiles(paths));

    /// <summary>"learned 12 of 40 files" while files are being learned and after (the last lesson), else "".</summary>
    public string LearningProgress => Volatile.Read(ref _learningProgress);

    /// <summary>True while files wait to be learned.</summary>
    public bool IsLearning => !_lessons.IsEmpty || _lesson is { Done: false };

    /// <summary>Lines for the log since the last call (any thread): one for each file that could not be learned
    /// ("not learned: ...") and one when a lesson ends ("your files: learned 2 of 3 files, 1 not readable").</summary>
    public IEnumerable<string> TakeLearningLog()
    {
        while (_learningLog.TryDequeue(out var line)) yield return line;
    }

    /// <summary>Engine thread: learns the next file of the current lesson. True when the models were replaced (the
    /// library's first file).</summary>
    public bool LearnNextFile()
    {
        if (_lesson is null or { Done: true })
        {
            if (!_lessons.TryDequeue(out var next)) return false;
            _lesson = next;
            _reported = 0;
        }
        var lesson = _lesson;
        bool replaced = false;
        if (!lesson.Done)
        {
            lock (_lock)
            {
                replaced = _library is null;
                lesson.LearnNext(_library ??= MarkovModels.CreateLibraryModel());
            }
            if (replaced) Version++;  // the style now mixes in the library
        }
        for (int i = _reported; i < lesson.Problems.Count; i++) _learningLog.Enqueue("not learned: " + lesson.Problems[i]);
        _reported = lesson.Problems.Count;
        Volatile.Write(ref _learningProgress, lesson.Progress);
        // A finished lesson is passed over above, so this line is queued once.
        if (lesson.Done) _learningLog.Enqueue("your files: " + lesson.Progress);
        return replaced;
    }

    /// <summary>The learned style (and the library of the player's files), as saved in the DAW project (any thread).</summary>
    public byte[] Save()
    {
        lock (_lock) return _restored is { } r ? SavedStyle.Write(r.Played, r.Library) : SavedStyle.Write(_played, _library);
    }

    /// <summary>Reads a saved style (any thread) and hands it to the engine thread, which puts it in place at its next
    /// safe point. On refusal the current style stays and the reason is returned.</summary>
    public bool Restore(ReadOnlySpan<byte> data, out string reason)
    {
        try
        {
            var models = SavedStyle.Read(data);
            lock (_lock) _restored = models;
            reason = "";
            return true;
        }
        catch (MarkovModelFormatException e)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <summary>True while a restored style waits to be put in place (any thread).</summary>
    public bool HasRestoredStyle { get { lock (_lock) return _restored is not null; } }

    /// <summary>Engine thread: puts a restored style in place. True when it did (the models were replaced).</summary>
    public bool ApplyRestored()
    {
        lock (_lock)
        {
            if (_restored is not { } r) return false;
            (_played, _library) = r;
            _restored = null;
        }
        Version++;
        return true;
    }

    /// <summary>Tokens the played style has learned (any thread; a restored style counts once handed over).</summary>
    public long PlayedTokens { get { lock (_lock) return (_restored?.Played ?? _played).TokensObserved; } }

    /// <summary>Tokens the library of the player's files has learned (0: none taught; any thread).</summary>
    public long LibraryTokens { get { lock (_lock) return (_restored is { } r ? r.Library : _library)?.TokensObserved ?? 0; } }

    /// <summary>What the played style has learned and the memory it takes (it stops growing at its limits; any thread).</summary>
    public StyleFootprint Footprint
    {
        get
        {
            lock (_lock)
            {
                var m = _restored?.Played ?? _played;
                return new(m.NodeCount, m.FollowerCount, m.UsedBytes, m.ApproximateBytes);
            }
        }
    }
}
