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
    public void A_saved_style_without_a_library_is_the_style_models_own_bytes_and_damage_is_refused()
    {
        var played = MarkovModels.CreateStyleModel();
        played.Train(Engine.Tokens.Tokenizer.Encode(Engine.Tokens.LeadSheetExtractor.Extract(Fixtures.Riff()).Sheet).ToArray());
        Assert.Equal(played.ToBytes(), SavedStyle.Write(played, null));  // what every earlier version wrote and reads
        var library = MarkovModels.CreateLibraryModel();
        library.Train(Engine.Tokens.Tokenizer.Encode(Engine.Tokens.LeadSheetExtractor.Extract(Fixtures.MelodyOverChords()).Sheet).ToArray());
        var both = SavedStyle.Write(played, library);
        var (p, l) = SavedStyle.Read(both);
        Assert.Equal(played.TokensObserved, p.TokensObserved);
        Assert.Equal(library.TokensObserved, l!.TokensObserved);
        Assert.Throws<MarkovModelFormatException>(() => SavedStyle.Read(both[..^3]));
        var damaged = (byte[])both.Clone();
        damaged[8] ^= 0x40;  // the played style's length
        Assert.Throws<MarkovModelFormatException>(() => SavedStyle.Read(damaged));
        var session = new CopilotSession(new ListSink());
        Assert.False(session.LoadStyle(damaged, out string reason));
        Assert.NotEmpty(reason);
    }

    [Fact]
    public void The_session_learns_a_folder_a_file_at_a_time_and_saves_what_it_learned()
    {
        string dir = FolderOfSongs();
        var session = new CopilotSession(new ListSink());
        long before = session.Style.PlayedTokens;
        Assert.Equal(0, session.Style.LibraryTokens);
        session.LearnFrom(new[] { dir });
        Assert.True(session.Style.IsLearning);
        Assert.Equal(0, session.NanosUntilWork(0));  // the engine thread comes back at once while files wait
        session.Poll(0);
        Assert.StartsWith("learned ", session.LearningProgress);
        for (int i = 0; i < 5 && session.Style.IsLearning; i++) session.Poll(0);
        Assert.False(session.Style.IsLearning);
        Assert.Equal("learned 2 of 3 files, 1 not readable", session.LearningProgress);
        // For the log: the unreadable file, then the lesson's summary, each once.
        var lines = session.Style.TakeLearningLog().ToList();
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("not learned: ", lines[0]);
        Assert.Contains("broken.mid", lines[0]);
        Assert.Equal("your files: learned 2 of 3 files, 1 not readable", lines[1]);
        session.Poll(0);
        Assert.Empty(session.Style.TakeLearningLog());
        // The files go to a library beside what is played: the played style still remembers the phrase note for note.
        Assert.Equal(before, session.Style.PlayedTokens);
        Assert.True(session.Style.LibraryTokens > 100);

        // Saved with the project: a new session that loads the saved style knows the files too.
        var reopened = new CopilotSession(new ListSink());
        Assert.True(reopened.LoadStyle(session.SaveStyle(), out _));
        Assert.Equal(session.Style.PlayedTokens, reopened.Style.PlayedTokens);
        Assert.Equal(session.Style.LibraryTokens, reopened.Style.LibraryTokens);
    }

    [Fact]
    public void A_lesson_of_only_unreadable_files_still_ends_with_its_summary_line()
    {
        string dir = Fixtures.TempDir();
        string broken = Path.Combine(dir, "broken.mid");
        File.WriteAllBytes(broken, new byte[] { 1, 2, 3 });
        var session = new CopilotSession(new ListSink());
        session.LearnFrom(new[] { broken });
        for (int i = 0; i < 3 && session.Style.IsLearning; i++) session.Poll(0);
        Assert.False(session.Style.IsLearning);
        var lines = session.Style.TakeLearningLog().ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("broken.mid", lines[0]);
        Assert.Equal("your files: learned 0 of 1 file, 1 not readable", lines[1]);
    }
}
