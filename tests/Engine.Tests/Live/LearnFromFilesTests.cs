using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Offline;

namespace AiCoPilot.Engine.Tests.Live;

/// <summary>The musician teaches the style their own files: what can be read is learned, each file that cannot gets
/// one line, and the learned style is what the project saves.</summary>
public class LearnFromFilesTests
{
    private static string FolderOfSongs()
    {
        string dir = Fixtures.TempDir();
        Fixtures.MelodyOverChords().Save(Path.Combine(dir, "tune.mid"));
        Directory.CreateDirectory(Path.Combine(dir, "more"));
        Fixtures.Riff().Save(Path.Combine(dir, "more", "riff.mid"));
        var broken = Fixtures.Bytes(Fixtures.Riff());
        File.WriteAllBytes(Path.Combine(dir, "broken.mid"), broken[..(broken.Length / 2)]);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not music");  // not a song: passed over
        return dir;
    }

    [Fact]
    public void Every_readable_file_is_learned_and_each_unreadable_one_gets_one_line()
    {
        string dir = FolderOfSongs();
        var style = MarkovModels.CreateStyleModel();
        var lesson = new StyleFromFiles(new[] { dir, Path.Combine(dir, "missing.mid") }).LearnAll(style);
        Assert.Equal(3, lesson.Total);
        Assert.Equal(2, lesson.Learned);
        Assert.Equal(2, lesson.Problems.Count);
        Assert.Contains(lesson.Problems, p => p.Contains("broken.mid"));
        Assert.Contains(lesson.Problems, p => p.Contains("missing.mid") && p.Contains("not found"));
        Assert.True(style.TokensObserved > 100);
        Assert.Equal(lesson.Tokens, style.TokensObserved);
        Assert.Equal("learned 2 of 3 files, 2 not readable", lesson.Progress);
    }

    [Fact]
    public void The_session_learns_a_folder_a_file_at_a_time_and_saves_what_it_learned()
    {
        string dir = FolderOfSongs();
        var session = new CopilotSession(new ListSink());
        long before = session.StyleTokens;
        session.LearnFrom(new[] { dir });
        Assert.True(session.IsLearning);
        Assert.Equal(0, session.NanosUntilWork(0));  // the engine thread comes back at once while files wait
        session.Poll(0);
        Assert.StartsWith("learned ", session.LearningProgress);
        for (int i = 0; i < 5 && session.IsLearning; i++) session.Poll(0);
        Assert.False(session.IsLearning);
        Assert.Equal("learned 2 of 3 files, 1 not readable", session.LearningProgress);
        var problems = session.TakeLearningProblems().ToList();
        Assert.Single(problems);
        Assert.Contains("broken.mid", problems[0]);
        Assert.Empty(session.TakeLearningProblems());  // each line once
        Assert.True(session.StyleTokens > before + 100);

        // Saved with the project: a new session that loads the saved style knows the files too.
        var reopened = new CopilotSession(new ListSink());
        Assert.True(reopened.LoadStyle(session.SaveStyle(), out _));
        Assert.Equal(session.StyleTokens, reopened.StyleTokens);
    }
}
