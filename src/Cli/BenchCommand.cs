namespace AiCoPilot.Cli;

/// <summary>`aicopilot bench`: placeholder replaced below.</summary>
public static class BenchCommand
{
    public static int Run(string[] args) => throw new UsageException("bench is not built yet");
}
