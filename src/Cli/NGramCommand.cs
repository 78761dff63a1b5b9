using System.Text.Json.Nodes;
using AiCoPilot.Engine.Models;
using AiCoPilot.Engine.Tokens;

namespace AiCoPilot.Cli;

/// <summary>`aicopilot ngram TOKENDIR -o MODEL.aicm`: trains the corpus n-gram baseline on the train split.</summary>
public static class NGramCommand
{
    public static int Run(string[] args)
    {
        var cmd = new CommandLine(args, new HashSet<string>());
        if (cmd.Positional.Count != 1) throw new UsageException("ngram needs the folder written by tokenize");
        string output = cmd.String("output") ?? throw new UsageException("ngram needs -o MODEL.aicm");
        cmd.RejectUnknown();
        var corpus = TokenCorpus.Load(cmd.Positional[0]);
        var model = MarkovModels.CreateCorpusNGram();
        int songs = 0;
        foreach (var song in corpus.Songs("train")) { model.Train(song); songs++; }
        File.WriteAllBytes(output, model.ToBytes());
        Console.WriteLine($"trained on {songs} songs, {model.TokensObserved} tokens, {model.NodeCount} contexts -> {output}");
        return 0;
    }
}

/// <summary>Reads the output of `aicopilot tokenize` back (index.json + tokens.bin).</summary>
public sealed class TokenCorpus
{
    private readonly ushort[] _tokens;
    private readonly List<(string Split, long Offset, int Length)> _songs;

    private TokenCorpus(ushort[] tokens, List<(string, long, int)> songs) { _tokens = tokens; _songs = songs; }

    public static TokenCorpus Load(string dir)
    {
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "index.json")))
            ?? throw new InvalidDataException("index.json is empty");
        string hash = (string?)index["vocab_hash"] ?? "";
        if (hash != TokenVocabulary.Hash)
            throw new InvalidDataException($"tokens were written for vocabulary {hash}, this build uses {TokenVocabulary.Hash}: tokenize again");
        byte[] bytes = File.ReadAllBytes(Path.Combine(dir, "tokens.bin"));
        var tokens = new ushort[bytes.Length / 2];
        Buffer.BlockCopy(bytes, 0, tokens, 0, tokens.Length * 2);
        var songs = new List<(string, long, int)>();
        foreach (var s in index["songs"]!.AsArray())
        {
            long offset = (long)s!["offset"]!;
            int length = (int)s["length"]!;
            if (offset < 0 || length < 0 || offset + length > tokens.Length) throw new InvalidDataException("index.json does not match tokens.bin");
            songs.Add(((string)s["split"]!, offset, length));
        }
        return new TokenCorpus(tokens, songs);
    }

    public IEnumerable<int[]> Songs(string split)
    {
        foreach (var (s, offset, length) in _songs)
            if (s == split)
            {
                var ids = new int[length];
                for (int i = 0; i < length; i++) ids[i] = _tokens[offset + i];
                yield return ids;
            }
    }
}
