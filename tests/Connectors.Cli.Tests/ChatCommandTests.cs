using Connectors.Cli.Tests.Infrastructure;
using Connectors.Emulator;

namespace Connectors.Cli.Tests;

/// <summary>Chat against an emulator the test owns, reached the way a real endpoint is (keys from the environment).</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class ChatCommandTests : IAsyncLifetime
{
    private readonly EnvironmentScope _environment = new(("PERCEPTRON_API_KEY", "test-key"), ("JAMAI_TOKEN", "test-token"));
    private EmulatorServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _server.Knowledge.GetOrCreate("handbook").AddDocument("handbook.md", "# Leave\n\nStaff get twenty days of paid leave each year.\n\n# Travel\n\nTrain travel is booked in second class.");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _environment.Dispose();
    }

    [Fact]
    public async Task One_shot_jamai_chat_with_rag_prints_the_answer_and_its_sources()
    {
        var result = await Tool.RunAsync("chat", "How many days of paid leave?", "--dialect", "jamai", "--rag", "handbook", "--endpoint", _server.JamAIEndpoint.ToString());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("twenty days", result.Out, StringComparison.Ordinal);
        Assert.Contains("Sources", result.Out, StringComparison.Ordinal);
        Assert.Contains("[@0]", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_shot_chat_json_carries_the_citations()
    {
        var result = await Tool.RunAsync("chat", "paid leave days", "-d", "jamai", "--rag", "handbook", "--endpoint", _server.JamAIEndpoint.ToString(), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var citation = Assert.Single(result.Json()["citations"]!.AsArray());
        Assert.Equal("Leave", citation!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Interactive_chat_reads_turns_from_standard_input_until_exit()
    {
        var result = await Tool.RunAsync(["chat", "--endpoint", _server.PerceptronEndpoint.ToString()], "first question\n\nsecond question\n/exit\nnever sent\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("first question", result.Out, StringComparison.Ordinal);
        Assert.Contains("second question", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("never sent", result.Out, StringComparison.Ordinal);
        var chats = _server.RequestLog.Entries.Where(e => e.Path.EndsWith("chat/completions", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, chats.Count);
        Assert.Contains("first question", chats[1].Body, StringComparison.Ordinal); // the second turn carries the history
    }

    [Fact]
    public async Task Rag_on_perceptron_is_a_usage_error()
    {
        var result = await Tool.RunAsync("chat", "hi", "--rag", "handbook", "--emulator");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--dialect jamai", result.Error, StringComparison.Ordinal);
    }
}
