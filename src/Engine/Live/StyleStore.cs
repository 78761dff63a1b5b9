using System.Collections.Concurrent;
using AiCoPilot.Engine.Listening;
using AiCoPilot.Engine.Generation;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Offline;
using AiCoPilot.Engine.Taste;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Live;

/// <summary>
/// The player's style, owned by the engine thread: the model of what they play (learned phrase by phrase and at each
/// play-along downbeat, and from the takes they keep), the library of the files they taught it (Learn files, one file
/// at a time between the music's work) and their taste (<see cref="TasteModel"/>: learned from the takes they keep and
/// drop). Saved with the project and restored from it; the taste is also shared across projects through a per-user
/// file (<see cref="UserTasteFile"/>) unless the project says not to.
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
    private SavedStyle.Contents? _restored;
    private double _learnedUpToPpq = double.NegativeInfinity;
    private readonly ConcurrentQueue<StyleFromFiles> _lessons = new();
    private StyleFromFiles? _lesson;
    private int _reported;  // problems of the current lesson already queued for the log
    private readonly ConcurrentQueue<string> _learningLog = new();
    private string _learningProgress = "";
    // The taste: the project's (the engine thread changes it, under the lock so a save reads it whole), whether it is
    // shared across projects, the per-user file offered by another thread and the one in use (engine thread).
    private TasteModel _taste = new();
    private bool _sharesTaste = true;
    private string? _offeredTastePath;
    private string? _userTastePath;
    private string _userTasteProblem = "";
    private TasteSummary _tasteSummary = TasteSummary.Empty;

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
        lock (_lock)
            return _restored is { } r ? SavedStyle.Write(r.Played, r.Library, r.Taste, r.SharesTaste) : SavedStyle.Write(_played, _library, _taste, _sharesTaste);
    }

    /// <summary>Reads a saved style (any thread) and hands it to the engine thread, which puts it in place at its next
    /// safe point. On refusal the current style stays and the reason is returned.</summary>
    public bool Restore(ReadOnlySpan<byte> data, out string reason)
    {
        try
        {
            var contents = SavedStyle.ReadAll(data);
            lock (_lock) _restored = contents;
            reason = "";
            return true;
        }
        catch (MarkovModelFormatException e)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <summary>True while a restored style (or a per-user taste file offered) waits to be put in place (any thread).</summary>
    public bool HasRestoredStyle { get { lock (_lock) return _restored is not null || _offeredTastePath is not null; } }

    /// <summary>Engine thread: puts a restored style in place (and takes up a per-user taste file offered meanwhile).
    /// True when the models were replaced.</summary>
    public bool ApplyRestored()
    {
        SavedStyle.Contents? restored;
        string? offered;
        lock (_lock)
        {
            if (_restored is null && _offeredTastePath is null) return false;
            restored = _restored;
            offered = _offeredTastePath;
            _restored = null;
            _offeredTastePath = null;
            if (restored is not null)
            {
                (_played, _library) = (restored.Played, restored.Library);
                _taste = restored.Taste ?? new TasteModel();
                _sharesTaste = restored.SharesTaste;
            }
        }
        if (restored is { TasteProblem.Length: > 0 }) _learningLog.Enqueue("the project's taste was not restored: " + restored.TasteProblem);
        if (offered is not null) UseUserTaste(offered.Length == 0 ? null : offered);
        else if (restored is not null) StartFromUserTaste();
        PublishTaste();
        if (restored is null) return false;
        Version++;
        return true;
    }

    // ---- Taste ----

    /// <summary>False keeps the plug-in as it was before it learned taste: kept and dropped takes teach nothing and the
    /// takes are chosen without a taste (for comparisons; engine thread).</summary>
    public bool LearnsTaste { get; set; } = true;

    /// <summary>Engine thread: the project's taste (empty: nothing learned; the takes are chosen as without one).</summary>
    public TasteModel Taste => _taste;

    /// <summary>What the editor says about the taste (any thread).</summary>
    public TasteSummary TasteSummary => Volatile.Read(ref _tasteSummary);

    /// <summary>Any thread: shares the taste across projects through the per-user file at <paramref name="path"/> (null:
    /// not shared). The engine thread reads it at its next safe point: a project that has no taste yet starts from it,
    /// and every comparison learned is also learned into it. A file that is not a taste is refused with the reason in
    /// the log, left as it is, and the session goes on without it.</summary>
    public void ShareTasteAcrossProjects(string? path)
    {
        lock (_lock) _offeredTastePath = path ?? "";
    }

    /// <summary>Engine thread: whether this project shares its taste across projects (saved with it; on by default).</summary>
    public bool SharesTaste
    {
        get => _sharesTaste;
        set
        {
            if (value == _sharesTaste) return;
            lock (_lock) _sharesTaste = value;
            if (value) UseUserTaste(_userTastePath);
            PublishTaste();
        }
    }

    /// <summary>Engine thread: learns what the musician showed (the comparisons of one gesture; <paramref name="kept"/>:
    /// a take was kept) into the project's taste and, when shared, into the per-user file (read again first, so other
    /// instances' learning in it is kept).</summary>
    public void LearnTaste(IReadOnlyList<TasteComparison> comparisons, bool kept)
    {
        if (!LearnsTaste || (comparisons.Count == 0 && !kept)) return;
        lock (_lock) LearnInto(_taste, comparisons, kept);
        if (UserFileInUse is { } path)
        {
            try
            {
                var user = UserTasteFile.Load(path) ?? new TasteModel();
                LearnInto(user, comparisons, kept);
                UserTasteFile.Save(path, user);
            }
            catch (TasteFormatException e) { RefuseUserTaste(path, e.Message); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _learningLog.Enqueue($"your taste across projects ({path}) was not saved: {e.Message}");
            }
        }
        PublishTaste();
    }

    /// <summary>Engine thread: "Forget my taste": the project's taste and, when the project shares it, the per-user file
    /// (even one refused) start again from nothing. What kept takes taught the style stays (it is the player's material now).</summary>
    public void ForgetTaste()
    {
        lock (_lock) _taste = new TasteModel();
        if (_sharesTaste && _userTastePath is { } path)
        {
            try
            {
                UserTasteFile.Save(path, new TasteModel());
                _userTasteProblem = "";
                _learningLog.Enqueue($"taste forgotten: this project's and the one across projects ({path})");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _learningLog.Enqueue($"taste forgotten in this project; the one across projects ({path}) could not be reset: {e.Message}");
            }
        }
        else _learningLog.Enqueue("taste forgotten: this project's");
        PublishTaste();
    }

    /// <summary>Engine thread: a kept take teaches the style as the player's own material would (its melody, on the
    /// phrase's bars from where the answer starts).</summary>
    public void LearnTake(Take take, Phrase phrase)
    {
        if (!LearnsTaste) return;
        var melody = take.Notes.Where(n => !n.FromChord).ToList();
        if (melody.Count == 0) return;
        var sheet = new LeadSheet();
        int start = phrase.GenerationStartStep;
        var meter = phrase.Context.Bars.Count > 0 ? phrase.Context.Bars[^1] : new LeadBar(0, 4, 4);
        sheet.Bars.Add(meter with { StartStep = start });
        sheet.ExtendBars(melody.Max(n => n.Step + Math.Max(1, n.DurationSteps)), meter.Numerator, meter.Denominator);
        foreach (var n in melody.Where(n => n.Step >= start)) sheet.Melody.Add(new LeadNote(n.Step, n.Pitch, n.DurationSteps, n.Velocity));
        int[] tokens = Tokenizer.Encode(sheet.Quantized()).ToArray();
        lock (_lock) _played.Train(tokens);
    }

    private string? UserFileInUse => _sharesTaste && _userTastePath is not null && _userTasteProblem.Length == 0 ? _userTastePath : null;

    private static void LearnInto(TasteModel taste, IReadOnlyList<TasteComparison> comparisons, bool kept)
    {
        foreach (var c in comparisons) taste.Prefer(c.Winner, c.Loser, c.Weight);
        if (kept) taste.CountKept();
    }

    // The per-user file to share through (null: none): read now, so a project without a taste starts from it.
    private void UseUserTaste(string? path)
    {
        _userTastePath = path;
        _userTasteProblem = "";
        StartFromUserTaste();
    }

    private void StartFromUserTaste()
    {
        if (UserFileInUse is not { } path || !_taste.IsEmpty) return;
        try
        {
            if (UserTasteFile.Load(path) is { } user)
                lock (_lock) _taste = user;
        }
        catch (TasteFormatException e) { RefuseUserTaste(path, e.Message); }
    }

    private void RefuseUserTaste(string path, string reason)
    {
        _userTasteProblem = "your taste file was refused (see the log)";
        _learningLog.Enqueue($"your taste across projects ({path}) is not used: {reason}; going on without it (Forget my taste resets it)");
    }

    private void PublishTaste() => Volatile.Write(ref _tasteSummary,
        new TasteSummary(_taste.Describe(), _taste.Comparisons, _taste.Kept, _sharesTaste, UserFileInUse is not null, _userTasteProblem));

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
