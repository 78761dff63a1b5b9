using AiCoPilot.Engine.Listening;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Offline;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Engine.Live;

/// <summary>The player's style: learned phrase by phrase, saved with the project and restored from it. The style lock
/// guards only these changes, so a host saving its project never waits for an answer.</summary>
public sealed partial class CopilotSession
{
    /// <summary>The style model learns the notes of the phrase it has not heard before (the caller holds the style lock).</summary>
    private void Learn(Phrase phrase)
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
        _style.Train(Tokenizer.Encode(sheet).ToArray());
        _learnedUpToPpq = phrase.Notes.Max(n => n.EndPpq);
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<StyleFromFiles> _lessons = new();
    private StyleFromFiles? _lesson;
    private int _reported;  // problems of the current lesson already queued for the log

    /// <summary>Teaches the style the musician's own files or folders (any thread): the engine thread learns them a
    /// file at a time between its other work; <see cref="LearningProgress"/> says how far it is.</summary>
    public void LearnFrom(IEnumerable<string> paths)
    {
        _lessons.Enqueue(new StyleFromFiles(paths));
        WorkArrived?.Invoke();
    }

    /// <summary>"learned 12 of 40 files" while files are being learned and after (the last lesson), else "".</summary>
    public string LearningProgress => Volatile.Read(ref _learningProgress);
    private string _learningProgress = "";

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _learningLog = new();

    /// <summary>Lines for the log since the last call: one for each file that could not be learned ("not learned:
    /// ...") and one when a lesson ends ("your files: learned 2 of 3 files, 1 not readable").</summary>
    public IEnumerable<string> TakeLearningLog()
    {
        while (_learningLog.TryDequeue(out var line)) yield return line;
    }

    /// <summary>True while files wait to be learned.</summary>
    public bool IsLearning => _lessons.Count > 0 || _lesson is { Done: false };

    // Engine thread: learns the next file of the current lesson (under the style lock, as a phrase is learned).
    private void LearnNextFile()
    {
        if (_lesson is null or { Done: true })
        {
            if (!_lessons.TryDequeue(out var next)) return;
            _lesson = next;
            _reported = 0;
        }
        var lesson = _lesson;
        if (!lesson.Done)
        {
            lock (_styleLock)
            {
                bool first = _library is null;
                lesson.LearnNext(_library ??= MarkovModels.CreateLibraryModel());
                if (first)
                {
                    _composer = NewComposer();  // the style now mixes in the library
                    _pending = null;            // an answer prepared on the old composer is prepared again
                }
            }
        }
        for (int i = _reported; i < lesson.Problems.Count; i++) _learningLog.Enqueue("not learned: " + lesson.Problems[i]);
        _reported = lesson.Problems.Count;
        Volatile.Write(ref _learningProgress, lesson.Progress);
        // A finished lesson is passed over above, so this line is queued once.
        if (lesson.Done) _learningLog.Enqueue("your files: " + lesson.Progress);
    }

    /// <summary>Tokens the library of the player's files has learned (0: none taught).</summary>
    public long LibraryTokens { get { lock (_styleLock) return _library?.TokensObserved ?? 0; } }

    /// <summary>The learned style (and the library of the player's files), as saved in the DAW project.</summary>
    public byte[] SaveStyle()
    {
        lock (_styleLock) return SavedStyle.Write(_style, _library);
    }

    /// <summary>Restores a saved style. On refusal the current style stays and the reason is returned.</summary>
    public bool LoadStyle(ReadOnlySpan<byte> data, out string reason)
    {
        try
        {
            var (played, library) = SavedStyle.Read(data);
            lock (_styleLock)
            {
                _style = played;
                _library = library;
                _composer = NewComposer();
            }
            reason = "";
            return true;
        }
        catch (MarkovModelFormatException e)
        {
            reason = e.Message;
            return false;
        }
    }
}
