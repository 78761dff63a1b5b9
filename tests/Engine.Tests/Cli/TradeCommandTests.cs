namespace AiCoPilot.Engine.Tests.Cli;

/// <summary>`aicopilot trade`, in-process with the shipped model, as a user would call it.</summary>
[Collection("console")]
public class TradeCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CommandRunner.Run(args);

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

    [Fact]
    public void Write_turns_writes_the_players_turns_with_rests_on_the_copilots_for_a_host_to_play()
    {
        string dir = Fixtures.TempDir(), songs = Path.Combine(dir, "songs"), turns = Path.Combine(dir, "turns");
        Directory.CreateDirectory(songs);
        Fixtures.Riff(16).Save(Path.Combine(songs, "riff.mid"));  // 16 bars of 4/4, a note on every bar's downbeat
        var (code, stdout, stderr) = Run("trade", songs, "--bars", "2", "--exchanges", "4", "--write-turns", turns);
        Assert.True(code == 0, stderr);
        var line = stdout.Trim().Split('\t');
        Assert.Equal("4", line[1]);  // the bar's length in quarters
        var song = AiCoPilot.Engine.Midi.MidiSong.Load(line[0]);
        Assert.Equal("4/4", song.TimeSignatureAt(0).ToString());
        var onsets = song.Tracks.SelectMany(t => t.Notes).Select(n => n.StartTick / 480.0).ToList();
        Assert.Contains(0.0, onsets);
        // Turns of 2 bars (8 quarters): the player's at 0, 16, 32, 48; nothing on the co-pilot's, nothing after.
        Assert.All(onsets, q => Assert.True((int)(q / 8) % 2 == 0 && q < 64, $"a note at {q}, in the co-pilot's turn"));
        Assert.All(song.Tracks.SelectMany(t => t.Notes), n => Assert.True((int)(n.StartTick / 3840) == (int)((n.EndTick - 1) / 3840), "a note held into the co-pilot's turn"));
    }

    [Theory]
    [InlineData("trade")]
    [InlineData("trade", "songs", "--bars", "3")]
    [InlineData("trade", "no-such-folder")]
    public void A_missing_folder_or_a_length_the_parameter_does_not_have_is_an_error(params string[] args) =>
        Assert.NotEqual(0, Run(args).Code);
}
