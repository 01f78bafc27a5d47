using Connectors.Perceptron;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;

namespace Connectors.SemanticKernel.Tests;

/// <summary>Each function's prompt, hints and result parsing, against a mocked client.</summary>
public sealed class VisionPluginTests
{
    private static readonly ImageSize Size = new(640, 480);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static (VisionPlugin Plugin, MockPerceptron Mock) Create(string answer, string? reasoning = null, string? model = null)
    {
        var mock = new MockPerceptron().Answer(answer, Size, reasoning);
        return (new VisionPlugin(mock.Mock.Object, new VisionPluginOptions { ModelId = model }), mock);
    }

    private static void AssertImageThenText(MockPerceptron mock, string? text)
    {
        var contents = mock.User.Contents;
        var image = Assert.IsType<DataContent>(contents[0]);
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(TestImages.Png, image.Data.ToArray());
        if (text is null)
        {
            Assert.Single(contents);
        }
        else
        {
            Assert.Equal(2, contents.Count);
            Assert.Equal(text, Assert.IsType<TextContent>(contents[1]).Text);
        }
    }

    [Fact]
    public async Task DetectObjects_sends_the_segment_instruction_with_a_box_hint_and_returns_grid_and_pixel_boxes()
    {
        var (plugin, mock) = Create(
            "<point_box mention=\"cat\"> (100,200) (300,400) </point_box> <point_box mention=\"dog\"> (500,500) (1000,1000) </point_box>",
            model: "isaac-0.2-1b");

        var result = await plugin.DetectObjectsAsync(TestImages.DataUrl, cancellationToken: Token);

        Assert.Equal("Your goal is to segment out the objects in the scene", mock.SystemText);
        AssertImageThenText(mock, null);
        Assert.Equal(PerceptronHints.Box, mock.Options.GetHints());
        Assert.Equal("isaac-0.2-1b", mock.Options!.ModelId);
        Assert.Equal(2, result.Count);
        Assert.Equivalent(new DetectedObject("cat", new GridBox(new(100, 200), new(300, 400)), new PixelBox(new(64, 96), new(192, 192))), result.Objects[0], strict: true);
        Assert.Equal(new PixelBox(new(320, 240), new(639, 479)), result.Objects[1].PixelBox);
        Assert.Equivalent(new VisionImageInfo("data URL (image/png)", 640, 480), result.Image, strict: true);
        Assert.Equal("cat dog", result.Answer);
    }

    [Fact]
    public async Task DetectObjects_with_categories_names_them_in_the_instruction()
    {
        var (plugin, mock) = Create("none here");

        var result = await plugin.DetectObjectsAsync(TestImages.DataUrl, " cat,dog ; cat ", cancellationToken: Token);

        Assert.Equal("Your goal is to segment out the following categories: cat, dog", mock.SystemText);
        Assert.Empty(result.Objects);
        Assert.Equal(0, result.Count);
        Assert.Equal("none here", result.Answer);
    }

    [Fact]
    public async Task CountObjects_asks_how_many_with_point_and_think_hints_and_counts_the_points()
    {
        var (plugin, mock) = Create(
            "There are 3 red circles: <point mention=\"red circle\"> (100,200) </point> <point mention=\"red circle\"> (500,500) </point> <point> (900,100) </point>",
            reasoning: "I see three round red shapes.");

        var result = await plugin.CountObjectsAsync(TestImages.DataUrl, "red circles", Token);

        Assert.Null(mock.SystemText);
        AssertImageThenText(mock, "How many red circles are there? Point to each.");
        Assert.Equal(PerceptronHints.Point | PerceptronHints.Think, mock.Options.GetHints());
        Assert.Null(mock.Options!.ModelId);
        Assert.Equal(3, result.Count);
        Assert.Equal("red circles", result.Objects);
        Assert.Equivalent(new LocatedObject("red circle", new GridPoint(100, 200), new PixelPoint(64, 96)), result.Points[0], strict: true);
        Assert.Null(result.Points[2].Label);
        Assert.Equal("I see three round red shapes.", result.Reasoning);
        Assert.StartsWith("There are 3 red circles", result.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain("<point", result.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountObjects_without_objects_is_an_argument_error_before_any_call()
    {
        var (plugin, mock) = Create("unused");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => plugin.CountObjectsAsync(TestImages.DataUrl, " ", Token));

        Assert.Contains("what to count", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.Calls);
    }

    [Fact]
    public async Task LocateObjects_uses_a_point_hint_and_returns_points()
    {
        var (plugin, mock) = Create("<point mention=\"door\"> (250,750) </point>");

        var result = await plugin.LocateObjectsAsync(TestImages.DataUrl, "door", Token);

        Assert.Equal("Your goal is to segment out the following categories: door", mock.SystemText);
        Assert.Equal(PerceptronHints.Point, mock.Options.GetHints());
        var point = Assert.Single(result.Points);
        Assert.Equivalent(new LocatedObject("door", new GridPoint(250, 750), new PixelPoint(160, 360)), point, strict: true);
    }

    [Fact]
    public async Task SegmentObjects_uses_a_polygon_hint_and_returns_polygons()
    {
        var (plugin, mock) = Create("<polygon mention=\"road\"> (0,0) (1000,0) (500,500) </polygon>");

        var result = await plugin.SegmentObjectsAsync(TestImages.DataUrl, cancellationToken: Token);

        Assert.Equal("Your goal is to segment out the objects in the scene", mock.SystemText);
        Assert.Equal(PerceptronHints.Polygon, mock.Options.GetHints());
        var road = Assert.Single(result.Objects);
        Assert.Equal("road", road.Label);
        Assert.Equal([new(0, 0), new(1000, 0), new(500, 500)], road.GridPolygon.Vertices);
        Assert.Equal([new(0, 0), new(639, 0), new(320, 240)], road.PixelPolygon!.Value.Vertices);
    }

    [Theory]
    [InlineData(null, "plain", null)]
    [InlineData("Markdown", "markdown", "Transcribe every readable word in the image using Markdown formatting with headings, lists, tables, and other structural elements as appropriate.")]
    [InlineData("html", "html", "Transcribe every readable word in the image using HTML markup.")]
    public async Task ReadText_sends_the_ocr_instruction_without_hints_and_the_sdks_format_prompt(string? format, string mode, string? userPrefix)
    {
        var (plugin, mock) = Create("# Menu\n- Soup");

        var result = await plugin.ReadTextAsync(TestImages.DataUrl, format, Token);

        Assert.Equal(
            "You are an OCR (Optical Character Recognition) system. Accurately detect, extract, and transcribe all readable text from the image.",
            mock.SystemText);
        Assert.Equal(PerceptronHints.None, mock.Options.GetHints());
        var contents = mock.User.Contents;
        Assert.IsType<DataContent>(contents[0]);
        if (userPrefix is null)
        {
            Assert.Single(contents);
        }
        else
        {
            Assert.Equal(userPrefix, Assert.IsType<TextContent>(contents[1]).Text); // the vendor SDK's words
        }

        Assert.Equal(mode, result.Format);
        Assert.Equal("# Menu\n- Soup", result.Text);
    }

    [Fact]
    public async Task ReadText_refuses_an_unknown_format()
    {
        var (plugin, _) = Create("unused");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => plugin.ReadTextAsync(TestImages.DataUrl, "pdf", Token));

        Assert.Contains("'plain', 'markdown' or 'html'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "concise", "Provide a concise, human-friendly caption for the upcoming image.")]
    [InlineData("detailed", "detailed", "Provide a detailed caption describing key objects, relationships, and context in the upcoming image.")]
    public async Task DescribeImage_sends_the_caption_prompt_with_a_box_hint(string? detail, string level, string prompt)
    {
        var (plugin, mock) = Create("A <point_box mention=\"cat\"> (100,200) (300,400) </point_box> on a mat.");

        var result = await plugin.DescribeImageAsync(TestImages.DataUrl, detail, Token);

        Assert.Null(mock.SystemText);
        AssertImageThenText(mock, prompt);
        Assert.Equal(PerceptronHints.Box, mock.Options.GetHints());
        Assert.Equal(level, result.Detail);
        Assert.Equal("A cat on a mat.", result.Description);
        Assert.Equal("cat", Assert.Single(result.Objects).Label);
    }

    [Fact]
    public async Task AskAboutImage_sends_the_question_after_the_image_with_no_instruction_or_hint()
    {
        var (plugin, mock) = Create("It is sunny; the sun is <point mention=\"sun\"> (900,100) </point>.");

        var result = await plugin.AskAboutImageAsync(TestImages.DataUrl, "Is it sunny?", cancellationToken: Token);

        Assert.Null(mock.SystemText);
        AssertImageThenText(mock, "Is it sunny?");
        Assert.Equal(PerceptronHints.None, mock.Options.GetHints());
        Assert.Equal("Is it sunny?", result.Question);
        Assert.Equal("It is sunny; the sun is sun.", result.Answer);
        Assert.Equal(new PixelPoint(576, 48), Assert.Single(result.Points).PixelPoint);
        Assert.Empty(result.Boxes);
        Assert.Empty(result.Polygons);
    }

    [Theory]
    [InlineData("box", PerceptronHints.Box)]
    [InlineData("Points", PerceptronHints.Point)]
    [InlineData("polygon", PerceptronHints.Polygon)]
    [InlineData("text", PerceptronHints.None)]
    public async Task AskAboutImage_asks_for_a_grounded_answer_with_the_hint_alone_as_the_sdks_question_does(string expects, PerceptronHints hint)
    {
        var (plugin, mock) = Create("The mug is <point_box mention=\"mug\"> (100,200) (300,400) </point_box>.");

        var result = await plugin.AskAboutImageAsync(TestImages.DataUrl, "Where is the mug?", expects, Token);

        Assert.Null(mock.SystemText); // no instruction: the hint alone
        AssertImageThenText(mock, "Where is the mug?");
        Assert.Equal(hint, mock.Options.GetHints());
        Assert.Equal("mug", Assert.Single(result.Boxes).Label);
    }

    [Fact]
    public async Task DetectObjects_with_examples_lays_them_out_as_the_sdk_does_boxes_on_the_grid_by_class_then_position()
    {
        var (plugin, mock) = Create("<point_box mention=\"dog\"> (1,2) (3,4) </point_box>");
        plugin.AddImage(TestImages.Png, "pets"); // 640 x 480
        const string examples = """
            [{"image":"pets","prompt":"Two pets.","boxes":[
              {"label":"cat","x1":320,"y1":240,"x2":640,"y2":480},
              {"label":"dog","x1":64,"y1":48,"x2":128,"y2":96},
              {"label":"cat","x1":0,"y1":0,"x2":64,"y2":48}]}]
            """;

        var result = await plugin.DetectObjectsAsync(TestImages.DataUrl, "dog, cat", examples, Token);

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User], mock.Messages.Select(m => m.Role));
        Assert.Equal("Your goal is to segment out the following categories: dog, cat", mock.SystemText);
        Assert.Equal(PerceptronHints.Box, mock.Options.GetHints());
        var exampleTurn = mock.Messages[1].Contents;
        Assert.Equal(TestImages.Png, Assert.IsType<DataContent>(exampleTurn[0]).Data.ToArray());
        Assert.Equal("Two pets.", Assert.IsType<TextContent>(exampleTurn[1]).Text);
        Assert.Equal(
            "<point_box mention=\"dog\"> (100,100) (200,200) </point_box> <point_box mention=\"cat\"> (0,0) (100,100) </point_box> <point_box mention=\"cat\"> (500,500) (1000,1000) </point_box>",
            mock.Messages[2].Text);
        Assert.IsType<DataContent>(Assert.Single(mock.Messages[3].Contents)); // the target, no text
        Assert.Equal("dog", Assert.Single(result.Objects).Label);
    }

    [Theory]
    [InlineData("{}", "not a non-empty array")]
    [InlineData("[{\"boxes\":[]}]", "no 'image'")]
    [InlineData("[{\"image\":\"pets\"}]", "no 'boxes'")]
    [InlineData("[{\"image\":\"pets\",\"boxes\":[{\"x1\":1,\"y1\":1,\"x2\":2,\"y2\":2}]}]", "no 'label'")]
    [InlineData("[{\"image\":\"pets\",\"boxes\":[{\"label\":\"a\",\"x1\":5,\"y1\":1,\"x2\":2,\"y2\":2}]}]", "x2 <= x1")]
    [InlineData("[{\"image\":", "must be JSON like")]
    public async Task DetectObjects_refuses_examples_that_are_not_the_documented_json_saying_what_is_wrong(string examples, string why)
    {
        var (plugin, mock) = Create("x");
        plugin.AddImage(TestImages.Png, "pets");

        var e = await Assert.ThrowsAsync<ArgumentException>(() => plugin.DetectObjectsAsync(TestImages.DataUrl, null, examples, Token));

        Assert.Contains(why, e.Message, StringComparison.Ordinal);
        Assert.Contains("\"label\":\"widget\"", e.Message, StringComparison.Ordinal); // the shape it takes
        Assert.Equal(0, mock.Calls);
    }

    [Fact]
    public async Task AskAboutImage_refuses_an_expectation_it_cannot_send_naming_the_choices()
    {
        var (plugin, _) = Create("x");
        var e = await Assert.ThrowsAsync<ArgumentException>(() => plugin.AskAboutImageAsync(TestImages.DataUrl, "Where?", "clip", Token));
        Assert.Contains("'text', 'point', 'box' or 'polygon'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_passes_through_and_results_keep_grid_coordinates_only()
    {
        var mock = new MockPerceptron().Answer("<point_box mention=\"cat\"> (100,200) (300,400) </point_box>", size: null);
        var plugin = new VisionPlugin(mock.Mock.Object);

        var result = await plugin.DetectObjectsAsync("https://example.com/cat.jpg?sig=secret", cancellationToken: Token);

        var uri = Assert.IsType<UriContent>(mock.User.Contents[0]);
        Assert.Equal("https://example.com/cat.jpg?sig=secret", uri.Uri.ToString());
        var cat = Assert.Single(result.Objects);
        Assert.Equal(new GridBox(new(100, 200), new(300, 400)), cat.GridBox);
        Assert.Null(cat.PixelBox);
        Assert.Equivalent(new VisionImageInfo("https://example.com/cat.jpg", null, null), result.Image, strict: true);
    }

    [Fact]
    public async Task Results_serialize_to_camel_case_json_with_the_count()
    {
        var (plugin, _) = Create("<point mention=\"red circle\"> (500,500) </point>");

        var result = await plugin.CountObjectsAsync(TestImages.DataUrl, "red circles", Token);
        var json = System.Text.Json.JsonSerializer.Serialize(result, VisionPlugin.JsonSerializerOptions);

        Assert.Contains("\"count\":1", json, StringComparison.Ordinal);
        Assert.Contains("\"objects\":\"red circles\"", json, StringComparison.Ordinal);
        Assert.Contains("\"label\":\"red circle\"", json, StringComparison.Ordinal);
        Assert.Contains("\"image\":{\"source\":\"data URL (image/png)\",\"width\":640,\"height\":480}", json, StringComparison.Ordinal);
    }
}
