using Connectors.Cli.Tests.Infrastructure;
using Connectors.Emulator.Scenes;

namespace Connectors.Cli.Tests;

/// <summary>The vision commands against an emulator started by the tool itself (<c>--emulator</c>).</summary>
public sealed class VisionCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

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

    [Fact]
    public async Task Detect_prints_a_box_per_object_in_pixels_and_writes_the_annotated_png()
    {
        var scene = Scene(2, seed: 3);
        var image = _folder.Scene(scene);
        var output = _folder.File("out/boxes.png");

        var result = await Tool.RunAsync("detect", image, "--emulator", "--json", "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(scene.Objects.Count, json["count"]!.GetValue<int>());
        Assert.Equal(480, json["image"]!["width"]!.GetValue<int>());
        Assert.All(json["annotations"]!.AsArray(), a => Assert.Equal("box", a!["kind"]!.GetValue<string>()));
        Assert.Equal(Path.GetFullPath(output), json["annotatedImage"]!.GetValue<string>());
        Assert.True(new FileInfo(output).Length > 0);
        Assert.NotEqual(scene.Png, File.ReadAllBytes(output));
    }

    [Fact]
    public async Task Detect_with_classes_keeps_only_those()
    {
        var scene = Scene(3, seed: 4);
        var result = await Tool.RunAsync("detect", _folder.Scene(scene), "--classes", "blue squares", "--emulator", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var annotations = result.Json()["annotations"]!.AsArray();
        Assert.Equal(3, annotations.Count);
        Assert.All(annotations, a => Assert.Equal("blue square", a!["mention"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Detect_with_examples_names_objects_like_the_labelled_one_as_the_example_does()
    {
        var example = Scene(1, seed: 21);
        Directory.CreateDirectory(_folder.File("examples"));
        _folder.Scene(example, "examples/one.png");
        var boxed = example.Where("blue", SceneShape.Square).Single().Bounds;
        var file = _folder.File("examples/examples.json");
        File.WriteAllText(file, $$"""[{"image":"one.png","boxes":[{"label":"tile","x1":{{boxed.Left}},"y1":{{boxed.Top}},"x2":{{boxed.Right}},"y2":{{boxed.Bottom}}}]}]""");
        var target = Scene(3, seed: 22);

        var result = await Tool.RunAsync("detect", _folder.Scene(target), "--examples", file, "--classes", "tile", "--emulator", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var annotations = result.Json()["annotations"]!.AsArray();
        Assert.Equal(3, annotations.Count);
        Assert.All(annotations, a => Assert.Equal("tile", a!["mention"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("missing.json", null, "does not exist")]
    [InlineData("bad.json", "[{\"image\":\"one.png\"}]", "has no 'boxes'")]
    [InlineData("noimage.json", "[{\"image\":\"nowhere.png\",\"boxes\":[{\"label\":\"a\",\"x1\":1,\"y1\":1,\"x2\":2,\"y2\":2}]}]", "nowhere.png")]
    public async Task Detect_with_an_examples_file_it_cannot_use_is_a_usage_error_saying_why(string name, string? content, string why)
    {
        var file = _folder.File(name);
        if (content is not null)
        {
            File.WriteAllText(file, content);
        }

        var result = await Tool.RunAsync("detect", _folder.Scene(Scene(1, seed: 23)), "--examples", file, "--emulator");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(why, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(3, 6)]
    public async Task Count_reports_the_true_count_with_reasoning(int squares, int seed)
    {
        var scene = Scene(squares, seed);
        var result = await Tool.RunAsync("count", _folder.Scene(scene), "blue squares", "--emulator", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(squares, json["count"]!.GetValue<int>());
        Assert.All(json["annotations"]!.AsArray(), a => Assert.Equal("point", a!["kind"]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(json["reasoning"]?.GetValue<string>()));
    }

    [Theory]
    [InlineData("point", "point")]
    [InlineData("segment", "polygon")]
    public async Task Point_and_segment_give_one_annotation_per_object(string command, string kind)
    {
        var scene = Scene(2, seed: 8);
        var result = await Tool.RunAsync(command, _folder.Scene(scene), "--emulator", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var annotations = result.Json()["annotations"]!.AsArray();
        Assert.Equal(scene.Objects.Count, annotations.Count);
        Assert.All(annotations, a => Assert.Equal(kind, a!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_image_url_is_downloaded_and_counted_like_a_file()
    {
        var scene = Scene(2, seed: 11);
        var port = FreePort();
        using var listener = new System.Net.HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var request = await listener.GetContextAsync();
            request.Response.ContentType = "image/png";
            await request.Response.OutputStream.WriteAsync(scene.Png);
            request.Response.Close();
        }, TestContext.Current.CancellationToken);

        var result = await Tool.RunAsync("count", $"http://127.0.0.1:{port}/scene.png", "blue squares", "--emulator", "--json");

        await serve;
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, result.Json()["count"]!.GetValue<int>());
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Ocr_and_caption_answer_in_text()
    {
        var image = _folder.Scene(Scene(1, seed: 9));

        var ocr = await Tool.RunAsync("ocr", image, "--emulator");
        var caption = await Tool.RunAsync("caption", image, "--emulator", "--json");

        Assert.True(ocr.ExitCode == 0, ocr.ToString());
        Assert.Contains("No readable text", ocr.Out, StringComparison.Ordinal);
        Assert.True(caption.ExitCode == 0, caption.ToString());
        Assert.Contains("shapes", caption.Json()["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_streams_reasoning_then_the_answer()
    {
        var image = _folder.Scene(Scene(2, seed: 10));
        var result = await Tool.RunAsync("ask", "What do you see?", "--image", image, "--stream", "--think", "--emulator");

        Assert.True(result.ExitCode == 0, result.ToString());
        var reasoning = result.Out.IndexOf("Reasoning:", StringComparison.Ordinal);
        var answer = result.Out.IndexOf("The image shows", StringComparison.Ordinal);
        Assert.True(reasoning >= 0 && answer > reasoning, result.Out);
    }

    [Fact]
    public async Task Ask_without_an_image_is_a_plain_question()
    {
        var result = await Tool.RunAsync("ask", "Hello there", "--emulator", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Hello there", result.Json()["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("perceptron", "isaac-0.2-2b-preview")]
    [InlineData("jamai", "openai/gpt-4o-mini")]
    public async Task Models_lists_the_models_of_either_service(string dialect, string expected)
    {
        var result = await Tool.RunAsync("models", "--dialect", dialect, "--emulator", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.Json().AsArray(), m => m!["id"]!.GetValue<string>() == expected);
    }

    [Fact]
    public async Task The_models_table_never_wraps_an_id_even_on_a_narrow_terminal()
    {
        var json = await Tool.RunAsync("models", "--dialect", "jamai", "--emulator", "--json");
        var ids = json.Json().AsArray().Select(m => m!["id"]!.GetValue<string>()).ToList();

        var table = await Tool.RunAsync(["models", "--dialect", "jamai", "--emulator"], width: 60);

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.All(ids, id => Assert.Contains(id, table.Out, StringComparison.Ordinal));
    }
}
