using System.Globalization;
using System.Text.RegularExpressions;
using AiCoPilot.Engine.Live;

namespace AiCoPilot.Engine.Tests.Live;

/// <summary>The engine's parameter table is the one in aicp_parameters.def (tools/generate_parameter_table.py).</summary>
public class ParameterTableTests
{
    private static readonly Regex Row = new(@"^AICP_PARAM\((\w+),\s*""([^""]*)"",\s*""[^""]*"",\s*""[^""]*"",\s*""[^""]*"",\s*(\w+),\s*\w+,\s*([-\d.]+),\s*([-\d.]+),\s*([-\d.]+),");

    [Fact]
    public void The_generated_table_matches_the_one_the_wrapper_is_built_from()
    {
        string path = Path.Combine(Fixtures.RepoRoot, "src", "Wrapper", "include", "aicp_parameters.def");
        var rows = File.ReadAllLines(path).Select(l => Row.Match(l.Trim())).Where(m => m.Success).ToList();
        Assert.Equal(rows.Count, ParameterTable.All.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var g = rows[i].Groups;
            var entry = ParameterTable.All[i];
            string what = $"{g[2].Value}: run tools/generate_parameter_table.py";
            Assert.True(g[2].Value == entry.Id, what);
            Assert.True(g[3].Value.Replace("_", "") == entry.Kind.ToString().ToUpperInvariant(), what);
            Assert.True(double.Parse(g[4].Value, CultureInfo.InvariantCulture) == entry.Min, what);
            Assert.True(double.Parse(g[5].Value, CultureInfo.InvariantCulture) == entry.Max, what);
            Assert.True(double.Parse(g[6].Value, CultureInfo.InvariantCulture) == entry.Default, what);
        }
    }

    [Fact]
    public void Sanitizing_keeps_values_in_range_and_whole_where_they_must_be()
    {
        Assert.Equal(2.0, ParameterTable.Temperature.Sanitize(9));
        Assert.Equal(1.0, ParameterTable.Temperature.Sanitize(double.NaN));
        Assert.Equal(16, ParameterTable.Bars.Sanitize(99.4));
        Assert.Equal(3, ParameterTable.Variations.Sanitize(2.6));
    }
}
