namespace AiCoPilot.Engine.Tests.Cli;

/// <summary>Runs the `aicopilot` command in-process, as a user would call it: its exit code and what it printed. Tests
/// that use it share the "console" collection, since the console is one for the process.</summary>
public static class CommandRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try { return (AiCoPilot.Cli.Cli.Run(args), stdout.ToString(), stderr.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }
}
