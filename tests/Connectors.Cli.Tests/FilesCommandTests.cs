using System.Text.Json.Nodes;
using Connectors.Cli.Tests.Infrastructure;
using Connectors.Emulator;
using Connectors.Emulator.Scenes;

namespace Connectors.Cli.Tests;

/// <summary><c>files upload|list|rm</c> against an emulator the test owns (reached like a real endpoint).</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class FilesCommandTests : IAsyncLifetime
{
    private readonly EnvironmentScope _environment = new(("PERCEPTRON_API_KEY", "test-key"));
    private EmulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await EmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _environment.Dispose();
    }

    [Fact]
    public async Task A_file_is_uploaded_listed_used_in_a_detection_and_removed()
    {
        using var folder = new TempFolder();
        var scene = SceneGenerator.Generate(320, 240, 3, seed: 8);
        var path = Path.Combine(folder.Path, "scene.png");
        await File.WriteAllBytesAsync(path, scene.Png, TestContext.Current.CancellationToken);
        var endpoint = _server.PerceptronEndpoint.ToString();

        var uploaded = await Tool.RunAsync("files", "upload", path, "--endpoint", endpoint, "--json");
        Assert.Equal(0, uploaded.ExitCode);
        var file = uploaded.Json();
        var id = (string)file["id"]!;
        Assert.Matches("^file-[A-Za-z0-9]{22}$", id);
        Assert.Equal(scene.Png.Length, (long)file["bytes"]!);
        Assert.Equal("vision", (string?)file["purpose"]);
        Assert.Equal("image/png", (string?)file["mediaType"]);

        var text = await Tool.RunAsync("files", "upload", path, "--purpose", "user_data", "--endpoint", endpoint);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Uploaded scene.png", text.Out, StringComparison.Ordinal);

        var listed = await Tool.RunAsync("files", "list", "--purpose", "vision", "--endpoint", endpoint, "--json");
        Assert.Equal(0, listed.ExitCode);
        Assert.Equal(id, (string?)Assert.Single(listed.Json().AsArray())!["id"]);
        var table = await Tool.RunAsync("files", "list", "--endpoint", endpoint);
        Assert.Contains(id, table.Out, StringComparison.Ordinal);
        Assert.Contains("user_data", table.Out, StringComparison.Ordinal);

        var detected = await Tool.RunAsync("detect", id, "--endpoint", endpoint, "--json");
        Assert.Equal(0, detected.ExitCode);
        Assert.Equal(scene.Objects.Count, (int)detected.Json()["count"]!);
        Assert.Equal(320, (int)detected.Json()["image"]!["width"]!); // the size read from the downloaded file
        var chat = Assert.Single(_server.RequestLog.Entries, e => e.Path == "/v1/chat/completions");
        Assert.Contains("\"image_file_id\"", chat.Body, StringComparison.Ordinal); // sent by id, not inline

        var removed = await Tool.RunAsync("files", "rm", id, "--endpoint", endpoint, "--json");
        Assert.Equal(0, removed.ExitCode);
        Assert.True((bool)removed.Json()[0]!["deleted"]!);
        var again = await Tool.RunAsync("files", "rm", id, "--endpoint", endpoint);
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("No file " + id, again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_says_what_to_change()
    {
        var endpoint = _server.PerceptronEndpoint.ToString();

        var missing = await Tool.RunAsync("files", "upload", "/no/such/file.png", "--endpoint", endpoint);
        var purpose = await Tool.RunAsync("files", "upload", typeof(FilesCommandTests).Assembly.Location, "--purpose", "assistants", "--endpoint", endpoint);
        var badId = await Tool.RunAsync("files", "rm", "not-an-id", "--endpoint", endpoint);

        Assert.Contains("No file at", missing.Error, StringComparison.Ordinal);
        Assert.Contains("give vision or user_data", purpose.Error, StringComparison.Ordinal);
        Assert.Equal(2, badId.ExitCode);
        Assert.Contains("22 letters or digits", badId.Error, StringComparison.Ordinal);
    }
}
