using AiCoPilot.Engine.Live;
using AiCoPilot.Engine.Taste;
using AiCoPilot.Engine.Tests.Live;

namespace AiCoPilot.Engine.Tests.Taste;

/// <summary>What the musician's gestures on the takes teach a live session, where the taste is kept (the project, the
/// per-user file) and what a damaged file does.</summary>
public class TasteSessionTests
{
    private const long Second = 1_000_000_000;
    private static long At(double ppq) => (long)(ppq * 0.5 * Second);  // 120 BPM

    // A session that has answered a riff with 3 takes of 2 bars (the style model alone).
    internal static CopilotSession Answered(string? tasteFile = null, float temperature = 1.5f)
    {
        var session = new CopilotSession(new ListSink()) { Settings = new LiveSettings { Listen = new() { SilenceBeats = 1.5 }, Answer = new() { Bars = 2, Variations = 3, Temperature = temperature } } };
        if (tasteFile is not null) session.Style.ShareTasteAcrossProjects(tasteFile);
        CopilotSessionTests.PlayRiff(session, 0);
        RunAt(session, 9.5);
        Assert.Equal(3, session.Answers.Takes.Count);
        return session;
    }

    internal static void RunAt(CopilotSession session, double ppq)
    {
        session.Handle(CopilotSessionTests.Clock(ppq), At(ppq));
        session.PollAndWrite(At(ppq));
    }

    internal static void Do(CopilotSession session, TakeCommandKind kind, int take, double at = 21)
    {
        session.Post(new TakeCommand(kind, take, session.Snapshot.Takes));
        RunAt(session, at);
    }

    [Fact]
    public void A_kept_take_is_preferred_over_each_take_beside_it_and_teaches_the_style_once()
    {
        var session = Answered();
        long tokens = session.Style.PlayedTokens;
        Do(session, TakeCommandKind.Accept, 1);
        Assert.Equal(2, session.Style.Taste.Comparisons);
        Assert.Equal(1, session.Style.Taste.Kept);
        Assert.True(session.Style.PlayedTokens > tokens, "the kept take teaches the style as the player's own material");
        long taught = session.Style.PlayedTokens;
        // Dragged out and exported too: the same take, kept once.
        Do(session, TakeCommandKind.DragOut, 1, 22);
        Do(session, TakeCommandKind.Export, 1, 23);
        Assert.Equal(2, session.Style.Taste.Comparisons);
        Assert.Equal(1, session.Style.Taste.Kept);
        Assert.Equal(taught, session.Style.PlayedTokens);
        // Another take exported from the same set is kept as well (beside the first, nothing new to compare).
        Do(session, TakeCommandKind.Export, 2, 24);
        Assert.Equal(2, session.Style.Taste.Kept);
        Assert.Equal(3, session.Style.Taste.Comparisons);  // take 3 over take 1 only: two kept takes say nothing of each other
        Assert.NotEqual(TasteSummary.Empty, session.Style.TasteSummary);
        Assert.Equal(3, session.Style.TasteSummary.Comparisons);
    }

    [Fact]
    public void Delete_regenerate_and_more_like_this_teach_their_comparisons()
    {
        var session = Answered(temperature: 1.8f);  // hot enough that takes differ in their figures
        Do(session, TakeCommandKind.Delete, 0);
        Assert.Equal(2, session.Style.Taste.Comparisons);           // each other take over the deleted one
        Assert.Equal(2, session.Answers.Takes.Count);
        Do(session, TakeCommandKind.Regenerate, 0, 22);              // both shown were worse than what is wanted...
        Assert.Equal(2, session.Style.Taste.Comparisons);
        Assert.Equal(3, session.Answers.Takes.Count);
        Do(session, TakeCommandKind.MoreLikeThis, 2, 23);             // ...which this take is: over its 2 neighbours and the 2 rejected
        Assert.Equal(6, session.Style.Taste.Comparisons);
        Assert.Equal(0, session.Style.Taste.Kept);                    // more like this keeps nothing
    }

    [Fact]
    public void With_learning_off_nothing_is_learned()
    {
        var session = Answered();
        session.Style.LearnsTaste = false;
        long tokens = session.Style.PlayedTokens;
        Do(session, TakeCommandKind.Accept, 1);
        Do(session, TakeCommandKind.Delete, 0, 22);
        Assert.True(session.Style.Taste.IsEmpty);
        Assert.Equal(tokens, session.Style.PlayedTokens);
        Assert.Equal(2, session.Answers.Takes.Count);                // the commands themselves still work
    }

    [Fact]
    public void A_command_about_takes_no_longer_shown_goes_to_that_take_or_to_none()
    {
        var session = Answered();
        var old = session.Snapshot.Takes;
        Do(session, TakeCommandKind.Regenerate, 0);
        var now = session.Answers.Takes;
        Assert.NotSame(old, now);
        session.Post(new TakeCommand(TakeCommandKind.Delete, 1, old));   // clicked under the old take 2: it is gone
        RunAt(session, 22);
        Assert.Same(now, session.Answers.Takes);
        Assert.Equal(2, session.Style.Taste.Comparisons);                 // what the musician said of the old takes still counts
        session.Post(new TakeCommand(TakeCommandKind.Delete, 1, now));    // the current take 2 goes
        RunAt(session, 23);
        Assert.Equal(new[] { now[0], now[2] }, session.Answers.Takes);
    }

    [Fact]
    public void The_taste_is_saved_with_the_project_and_old_projects_still_open()
    {
        var session = Answered();
        byte[] before = session.SaveStyle();
        Assert.Equal(session.Style.Played.ToBytes(), before);            // nothing learned yet: saved as every earlier version did
        Do(session, TakeCommandKind.Accept, 2);
        Do(session, TakeCommandKind.Delete, 0, 22);
        byte[] saved = session.SaveStyle();
        var restored = new CopilotSession(new ListSink());
        Assert.True(restored.LoadStyle(saved, out string reason), reason);
        restored.Poll(0);
        Assert.Equal(session.Style.Taste.ToBytes(), restored.Style.Taste.ToBytes());
        Assert.Equal(session.Style.PlayedTokens, restored.Style.PlayedTokens);
        // A project of the version before: no taste, and it opens.
        var old = new CopilotSession(new ListSink());
        Assert.True(old.LoadStyle(before, out reason), reason);
        old.Poll(0);
        Assert.True(old.Style.Taste.IsEmpty);
        // The project's choice not to share is saved too.
        restored.Post(new TakeCommand(TakeCommandKind.ShareTaste, 0));
        restored.Poll(1);
        var again = new CopilotSession(new ListSink());
        Assert.True(again.LoadStyle(restored.SaveStyle(), out reason), reason);
        again.Poll(0);
        Assert.False(again.Style.SharesTaste);
        // Forgotten: the project is saved as before again.
        restored.Post(new TakeCommand(TakeCommandKind.ForgetTaste));
        restored.Post(new TakeCommand(TakeCommandKind.ShareTaste, 1));
        restored.Poll(2);
        Assert.Equal(restored.Style.Played.ToBytes(), restored.SaveStyle());
    }

    [Fact]
    public void A_damaged_taste_in_a_project_is_left_out_with_the_reason_and_the_style_is_restored()
    {
        var session = Answered();
        Do(session, TakeCommandKind.Accept, 0);
        byte[] saved = session.SaveStyle();
        int at = IndexOf(saved, "TAST"u8.ToArray());
        Assert.True(at > 0);
        saved[at + 8 + 20] ^= 0x55;                                        // a byte inside the taste
        var restored = new CopilotSession(new ListSink());
        Assert.True(restored.LoadStyle(saved, out string reason), reason);
        restored.Poll(0);
        Assert.True(restored.Style.Taste.IsEmpty);
        Assert.Equal(session.Style.PlayedTokens, restored.Style.PlayedTokens);
        Assert.Contains(restored.Style.TakeLearningLog(), line => line.StartsWith("the project's taste was not restored") && line.Contains("checksum"));
    }

    [Fact]
    public void The_taste_is_shared_across_projects_through_the_per_user_file()
    {
        string file = Path.Combine(Fixtures.TempDir(), "AiCoPilot", UserTasteFile.FileName);
        var first = Answered(file);
        Assert.False(File.Exists(file));                                   // nothing to share yet
        Do(first, TakeCommandKind.Accept, 1);
        var shared = TasteModel.FromBytes(File.ReadAllBytes(file));
        Assert.Equal(first.Style.Taste.ToBytes(), shared.ToBytes());
        Assert.True(first.Style.TasteSummary.Shared);
        // A new project starts from it; what it learns goes into the file too (read again first: other instances' learning stays).
        var second = Answered(file);
        Assert.Equal(2, second.Style.Taste.Comparisons);
        Do(second, TakeCommandKind.Delete, 2);
        Assert.Equal(4, TasteModel.FromBytes(File.ReadAllBytes(file)).Comparisons);
        // A project that keeps its taste to itself leaves the file alone.
        second.Post(new TakeCommand(TakeCommandKind.ShareTaste, 0));
        Do(second, TakeCommandKind.Accept, 0, 22);
        Assert.Equal(4, TasteModel.FromBytes(File.ReadAllBytes(file)).Comparisons);
        Assert.False(second.Style.TasteSummary.Shared);
        // Forget my taste resets both.
        first.Post(new TakeCommand(TakeCommandKind.ForgetTaste));
        RunAt(first, 30);
        Assert.True(first.Style.Taste.IsEmpty);
        Assert.True(TasteModel.FromBytes(File.ReadAllBytes(file)).IsEmpty);
    }

    [Fact]
    public void A_damaged_or_foreign_taste_file_is_refused_with_the_reason_left_alone_and_the_session_goes_on()
    {
        string dir = Fixtures.TempDir(), file = Path.Combine(dir, UserTasteFile.FileName);
        byte[] foreign = Fixtures.Bytes(Fixtures.Riff());
        File.WriteAllBytes(file, foreign);
        var session = Answered(file);
        Assert.Contains(session.Style.TakeLearningLog(), line => line.Contains(file) && line.Contains("is not used: not a taste file"));
        Assert.Contains("refused", session.Style.TasteSummary.Problem);
        Do(session, TakeCommandKind.Accept, 1);
        Assert.Equal(2, session.Style.Taste.Comparisons);                   // the project's taste learns all the same
        Assert.Equal(foreign, File.ReadAllBytes(file));                     // and the file is not overwritten
        // Another version's file says so.
        var other = new TasteModel().ToBytes();
        other[4] = 7;
        File.WriteAllBytes(file, other);
        var next = Answered(file);
        Assert.Contains(next.Style.TakeLearningLog(), line => line.Contains("taste version 7"));
        // Forget my taste is the way to reset it.
        session.Post(new TakeCommand(TakeCommandKind.ForgetTaste));
        RunAt(session, 30);
        Assert.True(TasteModel.FromBytes(File.ReadAllBytes(file)).IsEmpty);
        Assert.Equal("", session.Style.TasteSummary.Problem);
    }

    [Fact]
    public void An_idle_session_with_a_shared_taste_makes_no_garbage()
    {
        string file = Path.Combine(Fixtures.TempDir(), UserTasteFile.FileName);
        var session = Answered(file);
        Do(session, TakeCommandKind.Accept, 1);
        for (int ms = 0; ms < 100; ms++) session.Poll(At(21) + ms * 1_000_000L);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int ms = 100; ms < 1100; ms++)
        {
            long now = At(21) + ms * 1_000_000L;
            if (ms % 50 == 0) session.Handle(CopilotSessionTests.Clock(21 + ms / 500.0), now);
            session.Poll(now);
        }
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 2048);
    }

    private static int IndexOf(byte[] data, byte[] part)
    {
        for (int i = 0; i + part.Length <= data.Length; i++)
            if (data.AsSpan(i, part.Length).SequenceEqual(part)) return i;
        return -1;
    }
}
