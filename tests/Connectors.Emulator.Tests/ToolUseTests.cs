using System.Text.Json.Nodes;

namespace Connectors.Emulator.Tests;

/// <summary>The emulator's JamAI model using tools on its own, with no rules: which tool, which arguments, and the answer after.</summary>
public sealed class ToolUseTests : EmulatorTestBase
{
    private static JsonObject Function(string name, string description, JsonObject properties, params string[] required) => new()
    {
        ["type"] = "function",
        ["function"] = new JsonObject
        {
            ["name"] = name,
            ["description"] = description,
            ["parameters"] = new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]) },
        },
    };

    private static JsonObject VisionTools(JsonObject body)
    {
        var image = new JsonObject { ["type"] = "string", ["description"] = "The image: 'latest', a registered image name or an http(s) URL." };
        body["tools"] = new JsonArray(
            Function("Vision_DetectObjects", "Finds objects in an image and returns a labelled bounding box for each.", new JsonObject { ["image"] = image.DeepClone() }, "image"),
            Function("Vision_CountObjects", "Counts the objects of one kind in an image, placing a point on each one counted.", new JsonObject { ["image"] = image.DeepClone(), ["objects"] = new JsonObject { ["type"] = "string", ["description"] = "What to count." } }, "image", "objects"),
            Function("Vision_ReadText", "Reads all the text in an image (OCR).", new JsonObject { ["image"] = image.DeepClone(), ["format"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("plain", "markdown", "html") } }, "image"));
        return body;
    }

    private static JsonObject Call(JsonNode response)
    {
        var message = response["choices"]![0]!["message"]!;
        Assert.Equal("tool_calls", (string?)response["choices"]![0]!["finish_reason"]);
        var call = Assert.Single(message["tool_calls"]!.AsArray())!;
        return new JsonObject { ["name"] = (string?)call["function"]!["name"], ["arguments"] = JsonNode.Parse((string)call["function"]!["arguments"]!) };
    }

    [Theory]
    [InlineData("How many blue squares are in 'street'?", "Vision_CountObjects", """{"image":"street","objects":"blue squares"}""")]
    [InlineData("Count the red circles in https://example.com/a.png please", "Vision_CountObjects", """{"image":"https://example.com/a.png","objects":"red circles"}""")]
    [InlineData("Read the text of image-2 as markdown", "Vision_ReadText", """{"image":"image-2","format":"markdown"}""")]
    [InlineData("Find the objects and draw boxes", "Vision_DetectObjects", """{"image":"latest"}""")]
    public async Task The_model_calls_the_tool_the_request_asks_for_with_arguments_from_the_conversation(string question, string tool, string arguments)
    {
        using var response = await PostAsync("/api/v1/chat/completions", VisionTools(JamAIBody(question)));

        var call = Call(await JsonAsync(response));

        Assert.Equal(tool, (string?)call["name"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(arguments), call["arguments"]), call["arguments"]!.ToJsonString());
        Assert.Null(Server.RequestLog.Last("/api/v1/chat/completions")!.Rule);
    }

    [Fact]
    public async Task The_image_name_can_come_from_the_system_message()
    {
        var body = VisionTools(JamAIBody("How many red circles are there?"));
        body["messages"]!.AsArray().Insert(0, new JsonObject { ["role"] = "system", ["content"] = "The user's picture is registered as 'scene'." });
        using var response = await PostAsync("/api/v1/chat/completions", body);

        var call = Call(await JsonAsync(response));

        Assert.Equal("scene", (string?)call["arguments"]!["image"]);
    }

    [Theory]
    [InlineData("""{"objects":"red circles","count":3}""", "I counted 3 red circles with Vision_CountObjects.")]
    [InlineData("""{"objects":"red circles","count":1}""", "I counted 1 red circle with Vision_CountObjects.")]
    [InlineData("""{"answer":"A receipt from a bakery"}""", "Vision_CountObjects says: A receipt from a bakery.")]
    [InlineData("21 C &amp; clear", "Vision_CountObjects returned: 21 C & clear.")]
    public async Task After_a_folded_tool_result_the_model_answers_from_it_in_a_sentence(string result, string answer)
    {
        var body = VisionTools(JamAIBody("How many red circles?"));
        var messages = body["messages"]!.AsArray();
        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = """<tool_call id="c1" name="Vision_CountObjects">{"image":"latest","objects":"red circles"}</tool_call>""" });
        messages.Add(new JsonObject { ["role"] = "user", ["content"] = $"""<tool_result id="c1" name="Vision_CountObjects">{result}</tool_result>""" });

        using var response = await PostAsync("/api/v1/chat/completions", body);

        Assert.Equal(answer, (string?)(await JsonAsync(response))["choices"]![0]!["message"]!["content"]);
    }

    [Fact]
    public async Task Tool_choice_none_or_an_unrelated_question_gets_text()
    {
        var none = VisionTools(JamAIBody("How many red circles are there?"));
        none["tool_choice"] = "none";
        using var first = await PostAsync("/api/v1/chat/completions", none);
        using var second = await PostAsync("/api/v1/chat/completions", VisionTools(JamAIBody("Tell me a joke.")));

        foreach (var json in new[] { await JsonAsync(first), await JsonAsync(second) })
        {
            Assert.Null(json["choices"]![0]!["message"]!["tool_calls"]);
            Assert.Equal("stop", (string?)json["choices"]![0]!["finish_reason"]);
        }
    }
}
