namespace AiCoPilot.Cli;

/// <summary>A usage error: printed as one line, exit code 2.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message) : base(message) { }
}

/// <summary>Minimal option parser: positional arguments plus --name value and --flag options.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public CommandLine(IEnumerable<string> args, IReadOnlySet<string> flags)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            string a = list[i];
            if (a.StartsWith("-", StringComparison.Ordinal) && a.Length > 1 && !double.TryParse(a, out _))
            {
                string name = a.TrimStart('-');
                if (name == "o") name = "output";
                if (flags.Contains(name)) { _options[name] = null; continue; }
                if (i + 1 >= list.Count) throw new UsageException($"option {a} needs a value");
                _options[name] = list[++i];
            }
            else Positional.Add(a);
        }
    }

    public List<string> Positional { get; } = new();

    public bool Flag(string name) { _used.Add(name); return _options.ContainsKey(name); }

    public string? String(string name) { _used.Add(name); return _options.TryGetValue(name, out var v) ? v : null; }

    public int Int(string name, int fallback, int min, int max)
    {
        string? text = String(name);
        if (text is null) return fallback;
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v) || v < min || v > max)
            throw new UsageException($"--{name} must be an integer from {min} to {max}, got '{text}'");
        return v;
    }

    public float Float(string name, float fallback, float min, float max)
    {
        string? text = String(name);
        if (text is null) return fallback;
        if (!float.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v) || v < min || v > max)
            throw new UsageException($"--{name} must be a number from {min} to {max}, got '{text}'");
        return v;
    }

    /// <summary>Refuses options that no part of the command asked for (typos).</summary>
    public void RejectUnknown()
    {
        foreach (var name in _options.Keys)
            if (!_used.Contains(name)) throw new UsageException($"unknown option --{name}");
    }
}
