using System.Diagnostics;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Tokens;
using Xunit.Abstractions;

namespace AiCoPilot.Engine.Tests.Midi;

/// <summary>Every .mid under ../shared/data parses (this part is skipped, and says so, when the folder is absent).</summary>
public class SharedDataTests
{
    private readonly ITestOutputHelper _output;
    public SharedDataTests(ITestOutputHelper output) { _output = output; }

    [Fact]
    public void Every_shared_data_file_parses_and_tokenizes()
    {
        if (Fixtures.SharedData is not { } data)
        {
            _output.WriteLine("../shared/data is absent: corpus part skipped");
            return;
        }
        var files = Directory.EnumerateFiles(data, "*.mid", SearchOption.AllDirectories).ToList();
        long bytes = 0, notes = 0, tokens = 0;
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            try
            {
                var song = MidiSong.Load(file);
                bytes += new FileInfo(file).Length;
                notes += song.Tracks.Sum(t => t.Notes.Count);
                tokens += Tokenizer.Encode(LeadSheetExtractor.Extract(song, file).Sheet).Count;
            }
            catch (Exception e) { failures.Add($"{file}: {e.Message}"); }
        }
        _output.WriteLine($"{files.Count} files, {bytes} bytes, {notes} notes, {tokens} tokens in {clock.Elapsed.TotalSeconds:F1} s; {failures.Count} failures");
        Assert.True(files.Count > 1000, $"expected the shared corpus, found {files.Count} files");
        Assert.Empty(failures);
    }
}
