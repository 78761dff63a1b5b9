using AiCoPilot.Engine.Models;

namespace AiCoPilot.Cli;

/// <summary>`aicopilot originality TOKENDIR -o INDEX`: the originality guard's index of the train split's 8-note n-grams.</summary>
public static class OriginalityCommand
{
    public static int Run(string[] args)
    {
        var cmd = new CommandLine(args, new HashSet<string>());
        if (cmd.Positional.Count != 1) throw new UsageException("originality needs the folder written by tokenize");
        string output = cmd.String("output") ?? throw new UsageException("originality needs -o INDEX");
        cmd.RejectUnknown();
        var index = OriginalityIndex.Build(TokenCorpus.Load(cmd.Positional[0]).Songs("train"));
        File.WriteAllBytes(output, index.ToBytes());
        Console.WriteLine($"{index.Count} distinct 8-note n-grams -> {output} ({new FileInfo(output).Length} bytes)");
        return 0;
    }
}
