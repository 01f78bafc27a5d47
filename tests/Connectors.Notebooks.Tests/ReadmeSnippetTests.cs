using System.Text.RegularExpressions;
using Connectors.Notebooks.Tests.Runner;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Connectors.Notebooks.Tests;

/// <summary>
/// Every C# block of every README compiles against the libraries, as a program with top-level statements. A snippet
/// that uses names it does not declare says so in an HTML comment on the line before it,
/// <c>&lt;!-- context: using Microsoft.Extensions.AI; IChatClient chatClient; byte[] image; --&gt;</c>: its usings join the
/// block's own, its declarations follow them.
/// </summary>
public partial class ReadmeSnippetTests
{
    /// <summary>What an SDK-style console project imports implicitly.</summary>
    private const string ImplicitUsings = "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";

    private static readonly string Root = FindRoot();

    public static TheoryData<string> Blocks()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in ReadBlocks())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Compiles(string block)
    {
        var code = ReadBlocks().Single(b => b.Name == block).Code;
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "Readme",
            [CSharpSyntaxTree.ParseText(code, parse), CSharpSyntaxTree.ParseText(ImplicitUsings, parse)],
            ScriptReferences.All,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.True(errors.Count == 0, $"{block} does not compile:\n{string.Join('\n', errors)}\n\n{code}");
    }

    [Fact]
    public void Every_readme_with_csharp_is_read() =>
        Assert.Contains(ReadBlocks(), b => b.Name.StartsWith("README.md#", StringComparison.Ordinal));

    private static IEnumerable<(string Name, string Code)> ReadBlocks()
    {
        var files = new[] { Path.Combine(Root, "README.md") }.Concat(Directory.EnumerateFiles(Path.Combine(Root, "src"), "README.md", SearchOption.AllDirectories));
        foreach (var file in files.Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(Root, file).Replace('\\', '/');
            var index = 0;
            foreach (Match match in CSharpBlock().Matches(File.ReadAllText(file)))
            {
                yield return ($"{relative}#{++index}", Compose(match.Groups["code"].Value, match.Groups["context"].Success ? match.Groups["context"].Value : null));
            }
        }
    }

    /// <summary>The block's <c>using</c> lines, then its declared context, then the rest of it.</summary>
    private static string Compose(string code, string? context)
    {
        var lines = code.Split('\n');
        var usings = lines.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal) || l.Trim().Length == 0).ToList();
        var items = (context ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var contextUsings = items.Where(i => i.StartsWith("using ", StringComparison.Ordinal)).Select(i => i + ";");
        var declarations = items.Where(i => !i.StartsWith("using ", StringComparison.Ordinal)).Select(d => $"{d} = default!;");
        return string.Join('\n', contextUsings.Concat(usings).Concat(declarations).Concat(lines.Skip(usings.Count)));
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Connectors.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Connectors.sln) was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"(?:<!--\s*context:(?<context>[^>]*?)-->\s*\n)?```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
