using AiCoPilot.Engine.Offline;

namespace AiCoPilot.Cli;

/// <summary>`aicopilot tokenize DIR... -o OUTDIR`: token ids and index for training, from MIDI and MusicXML files.</summary>
public static class TokenizeCommand
{
    public static int Run(string[] args)
    {
        var cmd = new CommandLine(args, new HashSet<string>());
        if (cmd.Positional.Count == 0) throw new UsageException("tokenize needs an input folder: aicopilot tokenize DIR... -o OUTDIR");
        string output = cmd.String("output") ?? throw new UsageException("tokenize needs -o OUTDIR");
        cmd.RejectUnknown();
        var report = CorpusTokenizer.Run(cmd.Positional, output);
        Console.WriteLine($"tokenized {report.Files - report.Failed} of {report.Files} files, {report.Tokens} tokens -> {output}");
        foreach (var error in report.Errors.Take(10)) Console.Error.WriteLine($"  skipped {error}");
        if (report.Warnings.Count > 0) Console.Error.WriteLine($"  {report.Warnings.Count} repair(s) while reading; the first:");
        foreach (var warning in report.Warnings.Take(10)) Console.Error.WriteLine($"  warning: {warning}");
        return report.Files > 0 && report.Failed == report.Files ? 1 : 0;
    }
}
