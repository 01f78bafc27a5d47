using System.Net;
using System.Text.Json.Nodes;
using Connectors.Emulator.Scenes;

namespace Connectors.Emulator.Tests;

public sealed class SceneAnswerTests : EmulatorTestBase
{
    private async Task<JsonNode> AskAsync(GeneratedScene scene, string? system, string? text, string model = "isaac-0.2-2b-preview", JsonObject? extra = null)
    {
        var messages = new JsonArray();
        if (system is not null)
        {
            messages.Add(new JsonObject { ["role"] = "system", ["content"] = system });
        }

        messages.Add(ImageMessage(scene.ToDataUrl(), text));
        var body = new JsonObject { ["model"] = model, ["messages"] = messages };
        foreach (var (k, v) in extra ?? [])
        {
            body[k] = v?.DeepClone();
        }

        using var response = await PostAsync("/v1/chat/completions", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await JsonAsync(response))["choices"]![0]!["message"]!;
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Box_hint_finds_every_object_with_iou_above_0_9(int seed)
    {
        var scene = SceneGenerator.Generate(new SceneOptions { Seed = seed, RandomObjects = 6 });
        var message = await AskAsync(scene, "<hint>BOX</hint>\nYour goal is to segment out the objects in the scene", null);
        var boxes = GridMath.Boxes((string)message["content"]!);
        Assert.Equal(scene.Objects.Count, boxes.Count);
        foreach (var truth in scene.Objects)
        {
            var best = boxes
                .Where(b => b.Mention == truth.Name)
                .Select(b => new SceneBox(GridMath.ToPixel(b.X1, scene.Width), GridMath.ToPixel(b.Y1, scene.Height), GridMath.ToPixel(b.X2, scene.Width), GridMath.ToPixel(b.Y2, scene.Height)).IntersectionOverUnion(truth.Bounds))
                .DefaultIfEmpty(0)
                .Max();
            Assert.True(best >= 0.9, $"{truth.Name} at {truth.Bounds}: best IoU {best:0.000}");
        }
    }

    [Theory]
    [InlineData(21, 3)]
    [InlineData(22, 1)]
    [InlineData(23, 4)]
    public async Task Count_question_gives_the_true_count_and_points_inside_each_circle(int seed, int redCircles)
    {
        var options = new SceneOptions { Seed = seed, RandomObjects = 0 };
        for (var i = 0; i < redCircles; i++)
        {
            options.Required.Add(("red", SceneShape.Circle));
        }

        options.Required.Add(("blue", SceneShape.Circle));
        options.Required.Add(("red", SceneShape.Square));
        var scene = SceneGenerator.Generate(options);
        var message = await AskAsync(scene, "<hint>POINT THINK</hint>", "How many red circles are there? Point to each.");
        var content = (string)message["content"]!;
        var expected = redCircles == 1 ? "There is 1 red circle." : $"There are {redCircles} red circles.";
        Assert.StartsWith(expected, content, StringComparison.Ordinal);
        var points = GridMath.Points(content);
        Assert.Equal(redCircles, points.Count);
        var circles = scene.Where("red", SceneShape.Circle).ToList();
        foreach (var p in points)
        {
            var (x, y) = (GridMath.ToPixel(p.X, scene.Width), GridMath.ToPixel(p.Y, scene.Height));
            Assert.Contains(circles, c => c.Contains(x, y));
        }

        // Each circle is pointed at once.
        Assert.All(circles, c => Assert.Single(points, p => c.Contains(GridMath.ToPixel(p.X, scene.Width), GridMath.ToPixel(p.Y, scene.Height))));
        Assert.Contains("red circle", (string?)message["reasoning_content"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detect_with_categories_returns_only_those()
    {
        var options = new SceneOptions { Seed = 5, RandomObjects = 0 };
        options.Required.Add(("red", SceneShape.Circle));
        options.Required.Add(("blue", SceneShape.Square));
        options.Required.Add(("green", SceneShape.Triangle));
        options.Required.Add(("yellow", SceneShape.Square));
        var scene = SceneGenerator.Generate(options);
        var message = await AskAsync(scene, "<hint>BOX</hint>\nYour goal is to segment out the following categories: red circle, blue square", null);
        var boxes = GridMath.Boxes((string)message["content"]!);
        Assert.Equal(["blue square", "red circle"], boxes.Select(b => b.Mention).Order());
        Assert.Null(message["reasoning_content"]);
    }

    [Fact]
    public async Task Polygon_hint_gives_vertices_inside_the_object_box()
    {
        var options = new SceneOptions { Seed = 9, RandomObjects = 0 };
        options.Required.Add(("green", SceneShape.Triangle));
        options.Required.Add(("purple", SceneShape.Square));
        var scene = SceneGenerator.Generate(options);
        var message = await AskAsync(scene, "<hint>POLYGON</hint>", "Outline the shapes.");
        var polygons = GridMath.Polygons((string)message["content"]!);
        Assert.Equal(2, polygons.Count);
        var triangle = polygons.Single(p => p.Mention == "green triangle");
        Assert.Equal(3, triangle.Vertices.Count);
        Assert.Equal(4, polygons.Single(p => p.Mention == "purple square").Vertices.Count);
        var truth = scene.Objects[0].Bounds;
        Assert.All(triangle.Vertices, v =>
        {
            Assert.InRange(GridMath.ToPixel(v.X, scene.Width), truth.Left - 2, truth.Right + 2);
            Assert.InRange(GridMath.ToPixel(v.Y, scene.Height), truth.Top - 2, truth.Bottom + 2);
        });
    }

    [Fact]
    public async Task Caption_without_hint_describes_the_scene_in_plain_text()
    {
        var options = new SceneOptions { Seed = 4, RandomObjects = 0 };
        options.Required.Add(("orange", SceneShape.Square));
        options.Required.Add(("black", SceneShape.Circle));
        options.Required.Add(("black", SceneShape.Circle));
        var scene = SceneGenerator.Generate(options);
        var message = await AskAsync(scene, null, "Provide a concise, human-friendly caption for the upcoming image.");
        var content = (string)message["content"]!;
        Assert.StartsWith("The image shows 3 shapes on a white background: ", content, StringComparison.Ordinal);
        Assert.Contains("an orange square", content, StringComparison.Ordinal);
        Assert.Contains("2 black circles", content, StringComparison.Ordinal);
        Assert.DoesNotContain("<point", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ocr_prompt_finds_no_text_in_a_shapes_scene()
    {
        var scene = SceneGenerator.Generate(320, 240, 2, 1);
        var message = await AskAsync(scene, "You are an OCR (Optical Character Recognition) system. Accurately detect, extract, and transcribe all readable text from the image.", null);
        Assert.Equal("No readable text was found in the image.", (string)message["content"]!);
    }

    [Fact]
    public async Task Mk1_reads_annotation_format_and_thinking_from_vision_config()
    {
        var scene = SceneGenerator.Generate(400, 300, 3, 17);
        var extra = new JsonObject { ["vision_config"] = new JsonObject { ["annotation_format"] = "point", ["enable_thinking"] = true } };
        var message = await AskAsync(scene, null, "Where are the shapes?", model: "perceptron-mk1.5", extra: extra);
        Assert.Equal(3, GridMath.Points((string)message["content"]!).Count);
        Assert.False(string.IsNullOrEmpty((string?)message["reasoning_content"]));
    }

    [Fact]
    public async Task Hint_in_a_user_message_is_ignored_and_isaac_0_1_does_not_think()
    {
        var scene = SceneGenerator.Generate(400, 300, 2, 18);
        var message = await AskAsync(scene, null, "<hint>BOX</hint> What is this?");
        Assert.Empty(GridMath.Boxes((string)message["content"]!));

        var old = await AskAsync(scene, "<hint>BOX THINK</hint>", "What is this?", model: "isaac-0.1");
        Assert.StartsWith("<think>\n\n</think>\n\n", (string)old["content"]!, StringComparison.Ordinal);
        Assert.Equal(2, GridMath.Boxes((string)old["content"]!).Count);
        Assert.Null(old["reasoning_content"]);
    }

    [Fact]
    public async Task Jpeg_and_webp_scenes_are_read_too()
    {
        var options = new SceneOptions { Seed = 31, RandomObjects = 0 };
        options.Required.Add(("red", SceneShape.Circle));
        options.Required.Add(("blue", SceneShape.Square));
        var scene = SceneGenerator.Generate(options);
        using var bitmap = SkiaSharp.SKBitmap.Decode(scene.Png);
        foreach (var (format, mime) in new[] { (SkiaSharp.SKEncodedImageFormat.Jpeg, "image/jpeg"), (SkiaSharp.SKEncodedImageFormat.Webp, "image/webp") })
        {
            using var data = bitmap.Encode(format, 90);
            var url = $"data:{mime};base64,{Convert.ToBase64String(data.ToArray())}";
            var body = new JsonObject
            {
                ["model"] = "isaac-0.2-1b",
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "system", ["content"] = "<hint>BOX</hint>" }, ImageMessage(url, "What is there?")),
            };
            using var response = await PostAsync("/v1/chat/completions", body);
            var content = (string)(await JsonAsync(response))["choices"]![0]!["message"]!["content"]!;
            Assert.Equal(["blue square", "red circle"], GridMath.Boxes(content).Select(b => b.Mention).Order());
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })] // a PNG signature and nothing after it
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00 })] // a JPEG cut after its first marker
    public async Task An_image_that_does_not_decode_is_answered_as_such_not_with_a_server_error(byte[] bytes)
    {
        var body = new JsonObject
        {
            ["model"] = "isaac-0.2-1b",
            ["messages"] = new JsonArray(ImageMessage($"data:image/png;base64,{Convert.ToBase64String(bytes)}", "What is there?")),
        };

        using var response = await PostAsync("/v1/chat/completions", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("The image could not be decoded.", (string?)(await JsonAsync(response))["choices"]![0]!["message"]!["content"]);
    }
}
