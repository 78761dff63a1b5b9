namespace AiCoPilot.Engine.Tests.Cli;

/// <summary>`aicopilot taste`, in-process, as a user would call it.</summary>
[Collection("console")]
public class TasteCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CommandRunner.Run(args);

    [Fact]
    public void Taste_plays_a_simulated_musician_with_and_without_learning_and_writes_files_the_figure_is_recomputed_from()
    {
        string dir = Fixtures.TempDir(), songs = Path.Combine(dir, "songs"), output = Path.Combine(dir, "out");
        Directory.CreateDirectory(songs);
        Fixtures.MelodyOverChords().Save(Path.Combine(songs, "a.mid"));
        Fixtures.Riff(8).Save(Path.Combine(songs, "b.mid"));
        var (code, stdout, stderr) = Run("taste", songs, "--prefer", "leaps-", "--rounds", "3", "--out", output, "--model", Path.Combine(dir, "missing.onnx"));
        Assert.True(code == 0, stderr);
        Assert.Contains("style model only", stderr);
        var lines = stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("leaps-") && l.Contains(" off "));
        Assert.Contains(lines, l => l.StartsWith("leaps-") && l.Contains(" on "));
        string run = Path.Combine(output, "leaps-", "learning-on");
        foreach (string file in new[] { "phrase.mid", "take-1.mid", "picked.mid" })
            Assert.True(File.Exists(Path.Combine(run, "round-01", file)), file);
        (code, stdout, stderr) = Run("taste", "--recompute", run, "--prefer", "leaps-");
        Assert.True(code == 0, stderr);
        Assert.StartsWith("leaps-: 3 rounds,", stdout);
    }

    [Theory]
    [InlineData("taste", "songs", "--prefer", "swing+")]
    [InlineData("taste", "songs", "--prefer", "likelihood+")]
    [InlineData("taste", "songs")]
    [InlineData("taste", "--prefer", "leaps-")]
    public void A_taste_that_is_no_figure_of_a_file_or_a_missing_folder_is_a_usage_error(params string[] args) =>
        Assert.Equal(2, Run(args).Code);
}
