using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Emulator.Scenes;
using Connectors.SemanticKernel;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Connectors.Mcp.Tests;

/// <summary><c>connectors mcp</c> started as a real process and driven by the MCP C# SDK's own client.</summary>
public sealed class McpServerTests : IDisposable
{
    private static readonly string[] VisionTools =
        ["Vision_DetectObjects", "Vision_CountObjects", "Vision_LocateObjects", "Vision_SegmentObjects", "Vision_ReadText", "Vision_DescribeImage", "Vision_AskAboutImage"];

    private static readonly string[] VideoTools = ["Vision_TrackObjects", "Vision_FindMoments"];

    private readonly string _folder = Directory.CreateTempSubdirectory("connectors-mcp-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A bound on every test: the process, the emulator and the calls all finish well within it.</summary>
    private static CancellationTokenSource Deadline()
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(TimeSpan.FromMinutes(2));
        return source;
    }

    private static GeneratedScene Scene(int blueSquares, int seed)
    {
        var options = new SceneOptions { Width = 480, Height = 360, Seed = seed, RandomObjects = 2 };
        for (var i = 0; i < blueSquares; i++)
        {
            options.Required.Add(("blue", SceneShape.Square));
        }

        options.Colors.Remove("blue");
        return SceneGenerator.Generate(options);
    }

    private string Save(GeneratedScene scene, string name = "scene.png")
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, scene.Png);
        return path;
    }

    private Task<McpServerProcess> StdioAsync(CancellationToken cancellationToken, params string[] more) =>
        McpServerProcess.StartStdioAsync(["--emulator", "--allow-root", _folder, .. more], cancellationToken);

    [Fact]
    public async Task Stdio_lists_the_vision_and_jamai_tools_with_the_kernel_functions_names_descriptions_and_image_parameter()
    {
        using var deadline = Deadline();
        await using var server = await StdioAsync(deadline.Token);

        var tools = await server.Client.ListToolsAsync(cancellationToken: deadline.Token);

        var names = tools.Select(t => t.Name).ToHashSet();
        Assert.Superset(new HashSet<string>([.. VisionTools, .. VideoTools, "JamAI_Chat"]), names);
        Assert.Equal(VisionTools.Length + VideoTools.Length + 1, tools.Count);

        // The same metadata as the Semantic Kernel functions: nothing is described twice.
        using var stub = new StubChatClient();
        var functions = new VisionPlugin(stub).AsAITools().OfType<AIFunction>().ToDictionary(f => f.Name);
        foreach (var (name, media) in VisionTools.Select(n => (n, "image")).Concat(VideoTools.Select(n => (n, "video"))))
        {
            var tool = tools.Single(t => t.Name == name);
            Assert.Equal(functions[name].Description, tool.Description);
            var schema = tool.JsonSchema;
            Assert.Equal(
                functions[name].JsonSchema.GetProperty("properties").GetProperty(media).GetProperty("description").GetString(),
                schema.GetProperty("properties").GetProperty(media).GetProperty("description").GetString());
            Assert.Contains(media, schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        }

        var jamai = tools.Single(t => t.Name == "JamAI_Chat").JsonSchema.GetProperty("properties");
        Assert.True(jamai.TryGetProperty("message", out _));
        Assert.True(jamai.TryGetProperty("rag", out _));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(3, 6)]
    public async Task Stdio_count_by_path_returns_the_true_count_and_an_annotated_png_of_the_image_size(int squares, int seed)
    {
        using var deadline = Deadline();
        var scene = Scene(squares, seed);
        var path = Save(scene);
        await using var server = await StdioAsync(deadline.Token);

        var result = await server.Client.CallToolAsync(
            "Vision_CountObjects", new Dictionary<string, object?> { ["image"] = path, ["objects"] = "blue squares" }, cancellationToken: deadline.Token);

        Assert.True(result.IsError is not true, Text(result));
        var json = JsonNode.Parse(Text(result))!;
        Assert.Equal(squares, json["count"]!.GetValue<int>());
        Assert.Equal(squares, json["points"]!.AsArray().Count);
        AssertPng(result, scene);
    }

    [Fact]
    public async Task Http_detect_with_base64_returns_a_box_on_every_object_and_an_annotated_png()
    {
        using var deadline = Deadline();
        var scene = Scene(2, seed: 3);
        await using var server = await McpServerProcess.StartHttpAsync(["--emulator", "--allow-root", _folder], deadline.Token);

        var result = await server.Client.CallToolAsync(
            "Vision_DetectObjects", new Dictionary<string, object?> { ["image"] = Convert.ToBase64String(scene.Png) }, cancellationToken: deadline.Token);

        Assert.True(result.IsError is not true, Text(result));
        var json = JsonNode.Parse(Text(result))!;
        var objects = json["objects"]!.AsArray();
        Assert.Equal(scene.Objects.Count, json["count"]!.GetValue<int>());
        Assert.Equal(scene.Objects.Count, objects.Count);
        foreach (var truth in scene.Objects)
        {
            var best = objects.Max(o => truth.Bounds.IntersectionOverUnion(PixelBox(o!)));
            Assert.True(best >= 0.9, $"{truth.Name}: best IoU {best:F3} in {json}");
        }

        AssertPng(result, scene);
    }

    [Fact]
    public async Task Progress_is_notified_for_a_call_with_a_progress_token()
    {
        using var deadline = Deadline();
        var scene = Scene(2, seed: 7);
        var path = Save(scene);
        await using var server = await StdioAsync(deadline.Token);
        var done = new TaskCompletionSource<ProgressNotificationValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new SynchronousProgress(value =>
        {
            if (value.Total is { } total && value.Progress >= total)
            {
                done.TrySetResult(value);
            }
        });

        var result = await server.Client.CallToolAsync(
            "Vision_LocateObjects", new Dictionary<string, object?> { ["image"] = path }, progress, cancellationToken: deadline.Token);

        Assert.True(result.IsError is not true, Text(result));
        var last = await done.Task.WaitAsync(deadline.Token);
        Assert.Contains("Vision_LocateObjects", last.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jamai_chat_answers_on_the_emulator()
    {
        using var deadline = Deadline();
        await using var server = await StdioAsync(deadline.Token);

        var result = await server.Client.CallToolAsync("JamAI_Chat", new Dictionary<string, object?> { ["message"] = "Hello there" }, cancellationToken: deadline.Token);

        Assert.True(result.IsError is not true, Text(result));
        Assert.False(string.IsNullOrWhiteSpace(JsonNode.Parse(Text(result))!["answer"]!.GetValue<string>()));
        Assert.DoesNotContain(result.Content, c => c is ImageContentBlock);
    }

    [Fact]
    public async Task A_path_outside_the_allowed_folder_and_a_missing_file_are_tool_errors_in_one_sentence()
    {
        using var deadline = Deadline();
        var outside = Directory.CreateTempSubdirectory("connectors-mcp-outside-").FullName;
        try
        {
            var elsewhere = Path.Combine(outside, "scene.png");
            File.WriteAllBytes(elsewhere, Scene(1, seed: 2).Png);
            await using var server = await StdioAsync(deadline.Token);

            foreach (var image in (string[])[elsewhere, Path.Combine(_folder, "missing.png")])
            {
                var result = await server.Client.CallToolAsync(
                    "Vision_CountObjects", new Dictionary<string, object?> { ["image"] = image, ["objects"] = "squares" }, cancellationToken: deadline.Token);

                Assert.True(result.IsError, Text(result));
                AssertOneSentence(Text(result));
            }
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task An_image_url_is_refused_without_allow_downloads_as_a_tool_error()
    {
        using var deadline = Deadline();
        await using var server = await StdioAsync(deadline.Token);

        var result = await server.Client.CallToolAsync(
            "Vision_DetectObjects", new Dictionary<string, object?> { ["image"] = "https://example.com/scene.png" }, cancellationToken: deadline.Token);

        Assert.True(result.IsError);
        var message = Text(result);
        AssertOneSentence(message);
        Assert.Contains("--allow-downloads", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_key_is_a_tool_error_naming_the_variable_and_never_a_key()
    {
        using var deadline = Deadline();
        var path = Save(Scene(1, seed: 4));
        await using var server = await McpServerProcess.StartStdioAsync(
            ["--allow-root", _folder],
            deadline.Token,
            new Dictionary<string, string?> { ["PERCEPTRON_API_KEY"] = "", ["PERCEPTRON_BASE_URL"] = "https://api.perceptron.inc/v1", ["JAMAI_TOKEN"] = "" });

        var result = await server.Client.CallToolAsync(
            "Vision_CountObjects", new Dictionary<string, object?> { ["image"] = path, ["objects"] = "squares" }, cancellationToken: deadline.Token);

        Assert.True(result.IsError);
        AssertOneSentence(Text(result));
        Assert.Contains("PERCEPTRON_API_KEY", Text(result), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancelling_a_call_cancels_the_request_to_the_service(bool http)
    {
        using var deadline = Deadline();
        var path = Save(Scene(1, seed: 9));

        // A "Perceptron" that takes the request and never answers: only cancellation ends the call.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        string[] arguments = ["--allow-root", _folder, "--endpoint", $"http://127.0.0.1:{port}/v1", "--retries", "0"];
        var environment = new Dictionary<string, string?> { ["PERCEPTRON_API_KEY"] = "test-key" };
        await using var server = http
            ? await McpServerProcess.StartHttpAsync(arguments, deadline.Token, environment)
            : await McpServerProcess.StartStdioAsync(arguments, deadline.Token, environment);

        using var call = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var pending = server.Client.CallToolAsync(
            "Vision_CountObjects", new Dictionary<string, object?> { ["image"] = path, ["objects"] = "squares" }, cancellationToken: call.Token).AsTask();

        using var connection = await silent.AcceptTcpClientAsync(deadline.Token);
        var stream = connection.GetStream();
        var buffer = new byte[64 * 1024];
        Assert.True(await stream.ReadAsync(buffer, deadline.Token) > 0); // the request arrived
        await call.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        // The server passes the cancellation on: it closes the connection rather than waiting for an answer.
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, deadline.Token);
            }
            catch (IOException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }
        }

        Assert.False(deadline.IsCancellationRequested);
    }

    private static string Text(CallToolResult result) => string.Join("\n", result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    private static void AssertOneSentence(string message)
    {
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotMatch(@"[.!?]\s+[A-Z]", message); // one sentence: no second one starts
        Assert.DoesNotContain(" at ", message.Replace(" at http", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", message, StringComparison.Ordinal);
        Assert.EndsWith(".", message, StringComparison.Ordinal);
        Assert.DoesNotContain("test-key", message, StringComparison.Ordinal);
    }

    private static void AssertPng(CallToolResult result, GeneratedScene scene)
    {
        var image = Assert.Single(result.Content.OfType<ImageContentBlock>());
        Assert.Equal("image/png", image.MimeType);
        var png = image.DecodedData.Span;
        Assert.True(png.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]), "PNG signature");
        Assert.True(png[12..16].SequenceEqual("IHDR"u8), "IHDR first");
        Assert.Equal(scene.Width, BinaryPrimitives.ReadInt32BigEndian(png[16..20]));
        Assert.Equal(scene.Height, BinaryPrimitives.ReadInt32BigEndian(png[20..24]));
        Assert.False(png.SequenceEqual(scene.Png), "the annotations are drawn on the image");
    }

    private static SceneBox PixelBox(JsonNode detected)
    {
        var box = Property(detected, "pixelBox");
        var topLeft = Property(box, "topLeft");
        var bottomRight = Property(box, "bottomRight");
        return new SceneBox(
            Property(topLeft, "x").GetValue<int>(), Property(topLeft, "y").GetValue<int>(),
            Property(bottomRight, "x").GetValue<int>(), Property(bottomRight, "y").GetValue<int>());
    }

    private static JsonNode Property(JsonNode node, string name) =>
        node.AsObject().Single(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value!;

    private sealed class SynchronousProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }

    private sealed class StubChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
