using System.Diagnostics;
using AiCoPilot.Engine.Midi;
using AiCoPilot.Engine.Tokens;
using Xunit.Abstractions;

namespace AiCoPilot.Engine.Tests.Midi;

/// <summary>Every .mid under ../shared/data parses (reported as skipped when the folder is absent, as on a fresh clone).</summary>
public class SharedDataTests
{
    private readonly ITestOutputHelper _output;
    public SharedDataTests(ITestOutputHelper output) { _output = output; }

    [SkippableFact]
    public void Every_shared_data_file_parses_and_tokenizes()
    {
        Skip.If(Fixtures.SharedData is null, "../shared/data is absent");
        string data = Fixtures.SharedData!;
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
