using System.Text.Json.Nodes;
using Connectors.Cli.Tests.Infrastructure;
using Connectors.Emulator;

namespace Connectors.Cli.Tests;

/// <summary>Knowledge Tables from the command line, against an emulator the test owns (reached like a real endpoint).</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class KnowledgeCommandTests : IAsyncLifetime
{
    private readonly EnvironmentScope _environment = new(("JAMAI_TOKEN", "test-token"));
    private EmulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await EmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _environment.Dispose();
    }

    [Fact]
    public async Task A_table_is_created_filled_searched_and_answers_from_the_command_line()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "returns.md");
        await File.WriteAllTextAsync(file, "# Returns\n\nReturns are accepted within 30 days of delivery.\n\n# Shipping\n\nOrders ship from Lyon.", TestContext.Current.CancellationToken);
        var endpoint = _server.JamAIEndpoint.ToString();

        var created = await Tool.RunAsync("knowledge", "create", "policies", "--endpoint", endpoint, "--json");
        Assert.Equal(0, created.ExitCode);
        Assert.Equal("policies", (string?)JsonNode.Parse(created.Out)!["table"]);

        var added = await Tool.RunAsync("knowledge", "add", "policies", file, "--endpoint", endpoint);
        Assert.Equal(0, added.ExitCode);
        Assert.Contains("Added 1 file(s) to 'policies'", added.Out, StringComparison.Ordinal);

        var found = await Tool.RunAsync("knowledge", "search", "policies", "returns delivery", "--limit", "1", "--endpoint", endpoint, "--json");
        Assert.Equal(0, found.ExitCode);
        var row = Assert.Single(JsonNode.Parse(found.Out)!.AsArray())!;
        Assert.Equal("Returns", (string?)row["title"]);

        var answer = await Tool.RunAsync("chat", "Within how many days are returns accepted?", "-d", "jamai", "--rag", "policies", "--endpoint", endpoint);
        Assert.Equal(0, answer.ExitCode);
        Assert.Contains("30 days", answer.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_says_what_to_change()
    {
        var endpoint = _server.JamAIEndpoint.ToString();

        var missing = await Tool.RunAsync("knowledge", "add", "policies", "/no/such/file.md", "--endpoint", endpoint);
        var limit = await Tool.RunAsync("knowledge", "search", "policies", "q", "--limit", "0", "--endpoint", endpoint);
        var noTable = await Tool.RunAsync("knowledge", "search", "nope", "q", "--endpoint", endpoint);

        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("No file at", missing.Error, StringComparison.Ordinal);
        Assert.Contains("give 1 to 1000", limit.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, noTable.ExitCode);
        Assert.Contains("not found", noTable.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readme_rag_example_works_on_the_emulator_out_of_the_box()
    {
        var result = await Tool.RunAsync("chat", "-d", "jamai", "--rag", "connectors-guide", "--emulator", "How are coordinates converted to pixels?");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("[@", result.Out, StringComparison.Ordinal);
    }
}
