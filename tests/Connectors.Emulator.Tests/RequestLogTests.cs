using System.Text.Json.Nodes;
using Connectors.Emulator.Rules;

namespace Connectors.Emulator.Tests;

public sealed class RequestLogTests : EmulatorTestBase, IDisposable
{
    private readonly string _logFile = Path.Combine(Path.GetTempPath(), "emulator-log-" + Guid.NewGuid().ToString("N"), "requests.jsonl");

    protected override EmulatorOptions CreateOptions() => new() { RequestLogPath = _logFile };

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_logFile)!, recursive: true);

    [Fact]
    public async Task Entries_redact_secrets_and_truncate_data_urls_in_memory_and_on_disk()
    {
        var scene = Scenes.SceneGenerator.Generate(200, 200, 2, 3);
        var body = new JsonObject { ["model"] = "perceptron-mk1.5", ["messages"] = new JsonArray(ImageMessage(scene.ToDataUrl(), "what?")) };
        using var response = await PostAsync("/v1/chat/completions", body, ("X-Api-Key", "secret-value"), ("X-Custom", "visible"));
        await response.Content.ReadAsStringAsync(Ct);
        Assert.True(await Server.RequestLog.WaitForAsync(e => e.Completed && e.Path == "/v1/chat/completions", TimeSpan.FromSeconds(5), Ct));

        var entry = Server.RequestLog.Last("/v1/chat/completions")!;
        Assert.Equal("POST", entry.Method);
        Assert.Equal(200, entry.StatusCode);
        Assert.Equal("Bearer ***", entry.Headers["Authorization"]);
        Assert.Equal("***", entry.Headers["X-Api-Key"]);
        Assert.Equal("visible", entry.Headers["X-Custom"]);
        Assert.Contains("data:image/png;base64,", entry.Body, StringComparison.Ordinal);
        Assert.Contains("chars)", entry.Body, StringComparison.Ordinal);
        Assert.True(entry.Body!.Length < 1000);
        Assert.Equal(response.Headers.GetValues("x-trace-id").Single(), entry.Id);

        var line = File.ReadAllLines(_logFile).Select(l => JsonNode.Parse(l)!).Last(l => (string?)l["path"] == "/v1/chat/completions");
        Assert.Equal("Bearer ***", (string?)line["headers"]!["Authorization"]);
        Assert.DoesNotContain("test-key", File.ReadAllText(_logFile), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", File.ReadAllText(_logFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_closing_a_stream_is_observed()
    {
        Server.Rules.When("slow", new RuleReply { Text = string.Join(' ', Enumerable.Repeat("word", 200)), DelayMs = 50 });
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            using var response = await PostAsync("/v1/chat/completions", PerceptronBody("slow", stream: true));
            await using var stream = await response.Content.ReadAsStreamAsync(Ct);
            var buffer = new byte[64];
            Assert.True(await stream.ReadAsync(buffer, Ct) > 0);
        }

        // Disposing the response mid-stream closes the connection.
        Assert.True(await Server.RequestLog.WaitForClientAbortAsync(TimeSpan.FromSeconds(10), "/v1/chat/completions", Ct));
        var entry = Server.RequestLog.Last("/v1/chat/completions")!;
        Assert.True(entry.Streamed);
        Assert.True(entry.ClientAborted);
    }

    [Fact]
    public async Task A_finished_stream_is_not_an_abort()
    {
        using var response = await PostAsync("/v1/chat/completions", PerceptronBody("hi", stream: true));
        await EventsAsync(response);
        Assert.True(await Server.RequestLog.WaitForAsync(e => e.Completed && e.Streamed, TimeSpan.FromSeconds(5), Ct));
        Assert.False(Server.RequestLog.Last("/v1/chat/completions")!.ClientAborted);
        Assert.False(await Server.RequestLog.WaitForClientAbortAsync(TimeSpan.FromMilliseconds(200), cancellationToken: Ct));
    }
}
