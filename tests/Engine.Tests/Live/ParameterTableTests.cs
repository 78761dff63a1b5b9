using System.Diagnostics;
using System.Globalization;
using AiCoPilot.Engine.Live;

namespace AiCoPilot.Engine.Tests.Live;

/// <summary>
/// The engine's parameters are the ones in aicp_parameters.def, read here by a parser of this test's own (one that
/// knows nothing of the generator's), and the generated files are what the generator writes today.
/// </summary>
public class ParameterTableTests
{
    private static string TablePath => Path.Combine(Fixtures.RepoRoot, "src", "Wrapper", "include", "aicp_parameters.def");

    // The macro's arguments, split at the commas that lie outside double quotes.
    private static List<string[]> Rows(string path) => File.ReadAllLines(path)
        .Select(l => l.Trim())
        .Where(l => l.StartsWith("AICP_PARAM(", StringComparison.Ordinal))
        .Select(l =>
        {
            var fields = new List<string>();
            var current = new System.Text.StringBuilder();
            bool quoted = false;
            foreach (char c in l["AICP_PARAM(".Length..l.LastIndexOf(')')])
            {
                if (c == '"') { quoted = !quoted; continue; }
                if (c == ',' && !quoted) { fields.Add(current.ToString().Trim()); current.Clear(); }
                else current.Append(c);
            }
            fields.Add(current.ToString().Trim());
            return fields.ToArray();
        }).ToList();

    [Fact]
    public void The_engines_table_is_the_one_the_wrapper_is_built_from()
    {
        var rows = Rows(TablePath);
        Assert.Equal(rows.Count, ParameterTable.All.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            string[] f = rows[i];
            var entry = ParameterTable.All[i];
            string what = $"{f[1]}: run tools/generate_parameter_table.py";
            Assert.True(f.Length == 14, $"{f[1]} has {f.Length} fields");
            Assert.True(f[1] == entry.Id, what);
            Assert.True(f[5].Replace("_", "") == entry.Kind.ToString().ToUpperInvariant(), what);
            Assert.True(double.Parse(f[7], CultureInfo.InvariantCulture) == entry.Min, what);
            Assert.True(double.Parse(f[8], CultureInfo.InvariantCulture) == entry.Max, what);
            Assert.True(double.Parse(f[9], CultureInfo.InvariantCulture) == entry.Default, what);
            Assert.True(f[12].Replace("_", "") == entry.Group.ToString().ToUpperInvariant(), what);
            string[] entries = f[10].Length == 0 ? [] : f[10].Split('|').Select(e => e.Split(':')[0]).ToArray();
            Assert.True(entries.SequenceEqual(entry.Entries ?? []), what);
            Assert.InRange(entry.Default, entry.Min, entry.Max);
        }
    }

    [Fact]
    public void The_generated_files_are_what_the_generator_writes_from_the_table()
    {
        var (code, output, _) = Generator("--print");
        Assert.Equal(0, code);
        string generated = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "src", "Engine", "Live", "ParameterTable.g.cs")) +
                           File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "src", "Engine", "Live", "LiveSettings.g.cs"));
        Assert.True(output == generated, "the generated files are stale: run tools/generate_parameter_table.py");
    }

    [Theory]
    [InlineData("\"temperature\", \"Temperature\", \"Temp\", \"\", CONTINUOUS, DECIMALS2, 0.1, 2.0, 1.0", "\"temperature\", \"Temperature\", \"Temp\", \"\", CONTINUOUS, DECIMALS2, 0.1, 2.0, 3.0", "lies outside")]
    [InlineData("0, 2, 0, \"melody:Melody|harmony:Harmony|both:Both\"", "0, 3, 0, \"melody:Melody|harmony:Harmony|both:Both\"", "ranges over its entries")]
    [InlineData("AICP_PARAM_AUTOMATE, PLAY_ALONG, \"PlayAlongMode\")", "AICP_PARAM_AUTOMATE, SOMEWHERE, \"PlayAlongMode\")", "unknown group")]
    public void A_broken_row_is_refused_with_the_reason(string good, string bad, string reason)
    {
        string table = File.ReadAllText(TablePath);
        Assert.Contains(good, table);
        string path = Path.Combine(Fixtures.TempDir(), "aicp_parameters.def");
        File.WriteAllText(path, table.Replace(good, bad));
        var (code, _, error) = Generator("--print", "--table", path);
        Assert.NotEqual(0, code);
        Assert.Contains(reason, error);
    }

    private static (int Code, string Out, string Err) Generator(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Fixtures.RepoRoot, "tools", "generate_parameter_table.py"));
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

    [Fact]
    public void Sanitizing_keeps_values_in_range_and_whole_where_they_must_be()
    {
        Assert.Equal(2.0, ParameterTable.Temperature.Sanitize(9));
        Assert.Equal(1.0, ParameterTable.Temperature.Sanitize(double.NaN));
        Assert.Equal(16, ParameterTable.Bars.Sanitize(99.4));
        Assert.Equal(3, ParameterTable.Variations.Sanitize(2.6));
    }

    [Fact]
    public void Each_group_reaches_only_its_own_settings_in_the_engines_units()
    {
        var plain = ParameterTable.All.ToDictionary(e => e, e => e.Default);
        plain[ParameterTable.Density] = 80;
        plain[ParameterTable.AccompanimentChannel] = 3;
        plain[ParameterTable.AccompanimentPattern] = 2;
        plain[ParameterTable.Trigger] = 0;
        var settings = LiveSettings.From(e => plain[e]);
        Assert.Equal(0.8, settings.Answer.Density, 12);
        Assert.Equal(2, settings.PlayAlong.AccompanimentChannel);
        Assert.Equal(AccompanimentPattern.LeftHand, settings.PlayAlong.AccompanimentPattern);
        Assert.False(settings.Answer.AnswersOnSilence);
        Assert.Equal(new AnswerSettings { Density = 0.8, Trigger = AnswerTrigger.OnDemand }, settings.Answer);  // the rest at its defaults
        plain[ParameterTable.AccompanimentPattern] = 0;
        Assert.Equal(settings.Answer, LiveSettings.From(e => plain[e]).Answer);  // another group's change leaves this one equal
    }
}
