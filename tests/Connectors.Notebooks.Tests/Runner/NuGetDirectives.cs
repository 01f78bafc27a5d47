using System.Text.RegularExpressions;

namespace Connectors.Notebooks.Tests.Runner;

/// <summary>
/// <c>#r "nuget: Id, Version"</c> lines name what a user installs. Here the test project already references those
/// packages, so the lines are checked against its assemblies and blanked (keeping line numbers) before compiling.
/// </summary>
internal static partial class NuGetDirectives
{
    public static (string Code, IReadOnlyList<(string Id, string? Version)> Packages) Strip(string source)
    {
        var packages = new List<(string, string?)>();
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Directive().Match(lines[i]);
            if (match.Success)
            {
                var version = match.Groups["version"].Value.Trim();
                packages.Add((match.Groups["id"].Value.Trim(), version.Length == 0 ? null : version));
                lines[i] = "";
            }
            else if (lines[i].TrimStart().StartsWith("#r", StringComparison.Ordinal) || lines[i].TrimStart().StartsWith("#i", StringComparison.Ordinal))
            {
                throw new NotSupportedException($"Only '#r \"nuget: Id, Version\"' directives are supported, not: {lines[i].Trim()}");
            }
        }

        return (string.Join('\n', lines), packages);
    }

    [GeneratedRegex("""^\s*#r\s+"nuget:\s*(?<id>[^,"]+)(?:,\s*(?<version>[^"]*))?"\s*$""")]
    private static partial Regex Directive();
}
