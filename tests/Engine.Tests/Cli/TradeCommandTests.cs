namespace AiCoPilot.Engine.Tests.Cli;

/// <summary>`aicopilot trade`, in-process with the shipped model, as a user would call it.</summary>
[Collection("console")]
public class TradeCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try { return (AiCoPilot.Cli.Cli.Run(args), stdout.ToString(), stderr.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    private static int Figure(string text, string before)
    {
        int at = text.IndexOf(before, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{before}' not in:\n{text}");
        var digits = new string(text[(at + before.Length)..].TrimStart().TakeWhile(char.IsDigit).ToArray());
        return int.Parse(digits);
    }

    [Fact]
    public void Trading_answers_every_turn_of_the_copilot_on_its_downbeat_and_never_in_the_players_turns()
    {
        string dir = Fixtures.TempDir(), songs = Path.Combine(dir, "songs");
        Directory.CreateDirectory(songs);
        Fixtures.Riff(16).Save(Path.Combine(songs, "riff.mid"));  // 16 bars: 4 exchanges of 2 bars
        var (code, stdout, stderr) = Run("trade", songs, "--bars", "2", "--exchanges", "4",
            "--model", Path.Combine(Fixtures.RepoRoot, "models", "aicopilot.onnx"));
        Assert.True(code == 0, stderr);
        Assert.StartsWith("1 songs, turns of 2 bars, 4 answered turns", stdout);
        Assert.Matches(@"first note on its downbeat \(within a sixteenth\): 100\.0 ?%", stdout);
        Assert.Equal(0, Figure(stdout, "notes before the downbeat"));
        Assert.Equal(0, Figure(stdout, "answer notes in the player's turns"));
        Assert.Equal(0, Figure(stdout, "answers decided late"));
    }

    [Theory]
    [InlineData("trade")]
    [InlineData("trade", "songs", "--bars", "3")]
    [InlineData("trade", "no-such-folder")]
    public void A_missing_folder_or_a_length_the_parameter_does_not_have_is_an_error(params string[] args) =>
        Assert.NotEqual(0, Run(args).Code);
}
