using AiCoPilot.Engine.Midi;

namespace AiCoPilot.Engine.Tests.Cli;

/// <summary>Runs the `aicopilot` command in-process, as a user would call it.</summary>
[Collection("console")]
public class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CommandRunner.Run(args);

    [Fact]
    public void Continue_writes_the_input_followed_by_named_variation_tracks()
    {
        string dir = Fixtures.TempDir();
        string input = Path.Combine(dir, "in.mid"), output = Path.Combine(dir, "out.mid");
        Fixtures.MelodyOverChords().Save(input);
        var (code, stdout, stderr) = Run("continue", input, "-o", output, "--bars", "2", "--variations", "3", "--mode", "both", "--key-lock", "--seed", "5");
        Assert.True(code == 0, stderr);
        Assert.Contains("key: C major", stdout);
        Assert.Contains("take 3:", stdout);
        var song = MidiSong.Load(output);
        Assert.Equal(5, song.Tracks.Count);
        Assert.Equal(new[] { "AiCoPilot take 1 (both)", "AiCoPilot take 2 (both)", "AiCoPilot take 3 (both)" }, song.Tracks.Skip(2).Select(t => t.Name));
        long inputEnd = 8L * 4 * 1024;
        foreach (var take in song.Tracks.Skip(2))
        {
            Assert.NotEmpty(take.Notes);
            Assert.All(take.Notes, n => Assert.InRange(n.StartTick, inputEnd, inputEnd + 2L * 4 * 1024 - 1));
        }
        // Same seed, same file.
        string again = Path.Combine(dir, "again.mid");
        Run("continue", input, "-o", again, "--bars", "2", "--variations", "3", "--mode", "both", "--key-lock", "--seed", "5");
        Assert.Equal(File.ReadAllBytes(output), File.ReadAllBytes(again));
    }

    [Fact]
    public void Continue_answers_as_the_plugin_does_with_the_shipped_model_and_without_one()
    {
        string dir = Fixtures.TempDir();
        string input = Path.Combine(dir, "in.mid"), output = Path.Combine(dir, "out.mid");
        Fixtures.MelodyOverChords().Save(input);
        // The plug-in's defaults: 3 takes of 4 bars chosen from a pool of 12, blended with the neural model.
        var (code, stdout, stderr) = Run("continue", input, "-o", output, "--model", Neural.NeuralModelTests.ModelPath);
        Assert.True(code == 0, stderr);
        Assert.Contains("3 takes chosen from 12 candidates, 4 bars each", stdout);
        Assert.Contains("neural model", stdout);
        Assert.Contains("between takes: mean distance", stdout);
        // Without a model it says so, as the plug-in's log does, and answers from the style alone.
        (code, stdout, stderr) = Run("continue", input, "-o", output, "--model", Path.Combine(dir, "missing.onnx"));
        Assert.True(code == 0, stderr);
        Assert.Contains("style model only", stderr);
        Assert.Contains("style model only", stdout);
        // The plug-in's units: density and adaptation in percent, refused outside the parameter's range.
        Assert.Equal(2, Run("continue", input, "-o", output, "--density", "150").Code);
        Assert.Equal(0, Run("continue", input, "-o", output, "--density", "80", "--adaptation", "100", "--model", Path.Combine(dir, "missing.onnx")).Code);
    }

    [Fact]
    public void Continue_learns_the_players_files_first_and_names_each_it_could_not_read()
    {
        string dir = Fixtures.TempDir(), mine = Path.Combine(dir, "mine");
        Directory.CreateDirectory(mine);
        Fixtures.Riff().Save(Path.Combine(mine, "riff.mid"));
        File.WriteAllBytes(Path.Combine(mine, "broken.mid"), new byte[] { 0x4D, 0x54, 0x68, 0x64, 0, 0 });
        string input = Path.Combine(dir, "in.mid"), output = Path.Combine(dir, "out.mid");
        Fixtures.MelodyOverChords().Save(input);
        var (code, stdout, stderr) = Run("continue", input, "-o", output, "--bars", "2", "--learn", mine);
        Assert.True(code == 0, stderr);
        Assert.Contains("your files: learned 1 of 2 files, 1 not readable", stdout);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("not learned") && l.Contains("broken.mid"));
        Assert.True(File.Exists(output));
    }

    [Fact]
    public void Tokenize_writes_ids_index_and_vocabulary()
    {
        string dir = Fixtures.TempDir();
        Directory.CreateDirectory(Path.Combine(dir, "in", "train"));
        Directory.CreateDirectory(Path.Combine(dir, "in", "valid"));
        Fixtures.Riff().Save(Path.Combine(dir, "in", "train", "a.mid"));
        Fixtures.MelodyOverChords().Save(Path.Combine(dir, "in", "valid", "b.mid"));
        File.WriteAllBytes(Path.Combine(dir, "in", "train", "broken.mid"), new byte[] { 1, 2, 3 });
        var (code, stdout, stderr) = Run("tokenize", Path.Combine(dir, "in"), "-o", Path.Combine(dir, "out"));
        Assert.Equal(0, code);
        Assert.Contains("tokenized 2 of 3 files", stdout);
        Assert.Contains("broken.mid", stderr);
        var index = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "index.json"))).RootElement;
        Assert.Equal(AiCoPilot.Engine.Tokens.TokenVocabulary.Hash, index.GetProperty("vocab_hash").GetString());
        long total = index.GetProperty("total_tokens").GetInt64();
        Assert.Equal(total * 2, new FileInfo(Path.Combine(dir, "out", "tokens.bin")).Length);
        Assert.Equal(new[] { "train", "valid" }, index.GetProperty("songs").EnumerateArray().Select(s => s.GetProperty("split").GetString()));

        string model = Path.Combine(dir, "ngram.aicm");
        Assert.Equal(0, Run("ngram", Path.Combine(dir, "out"), "-o", model).Code);
        Assert.Equal(0, Run("continue", Path.Combine(dir, "in", "valid", "b.mid"), "-o", Path.Combine(dir, "c.mid"), "--ngram", model).Code);
    }

    [Theory]
    [InlineData(2, "continue")]
    [InlineData(2, "continue", "x.mid")]
    [InlineData(2, "continue", "x.mid", "-o", "y.mid", "--mode", "jazz")]
    [InlineData(2, "continue", "x.mid", "-o", "y.mid", "--temperature", "NaN")]
    [InlineData(2, "continue", "x.mid", "-o", "y.mid", "--frobnicate", "1")]
    [InlineData(2, "dance")]
    [InlineData(1, "continue", "/nonexistent/x.mid", "-o", "y.mid")]
    [InlineData(1, "tokenize", "/nonexistent/dir", "-o", "/tmp/x")]
    public void Usage_errors_and_missing_files_print_one_line_and_fail(int expectedCode, params string[] args)
    {
        var (code, _, stderr) = Run(args);
        Assert.Equal(expectedCode, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("aicopilot: ", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void A_corrupt_midi_file_names_the_byte_offset()
    {
        string dir = Fixtures.TempDir();
        string input = Path.Combine(dir, "bad.mid");
        var bytes = Fixtures.Bytes(Fixtures.Riff());
        File.WriteAllBytes(input, bytes[..(bytes.Length - 20)]);
        var (code, _, stderr) = Run("continue", input, "-o", Path.Combine(dir, "out.mid"));
        Assert.Equal(1, code);
        Assert.Contains("byte offset", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }
}
