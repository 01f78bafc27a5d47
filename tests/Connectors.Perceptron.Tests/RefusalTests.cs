using System.Text.Json;
using Connectors.Tests;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Tests;

public class RefusalTests
{
    public static TheoryData<string, string> Refusals() => new()
    {
        { "stop", "StopSequences" },
        { "seed", "Seed" },
        { "n", "'n'" },
        { "user", "'user'" },
        { "logit_bias", "'logit_bias'" },
        { "json_object", "ForJsonSchema" },
        { "tool_required", "ToolMode" },
        { "tool_specific", "ToolMode" },
        { "regex_schema", "regex" },
        { "regex_tools", "regex" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refused_options_fail_before_sending_and_name_the_option(string @case, string named)
    {
        var tool = AIFunctionFactory.Create(() => 1, "one");
        var schema = JsonDocument.Parse("""{"type":"object"}""").RootElement;
        var options = @case switch
        {
            "stop" => new ChatOptions { StopSequences = ["END"] },
            "seed" => new ChatOptions { Seed = 1 },
            "n" => new ChatOptions { AdditionalProperties = new() { ["n"] = 2 } },
            "user" => new ChatOptions { AdditionalProperties = new() { ["user"] = "u1" } },
            "logit_bias" => new ChatOptions { AdditionalProperties = new() { ["logit_bias"] = new Dictionary<string, object?> { ["1"] = 5 } } },
            "json_object" => new ChatOptions { ResponseFormat = ChatResponseFormat.Json },
            "tool_required" => new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.RequireAny },
            "tool_specific" => new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.RequireSpecific("one") },
            "regex_schema" => new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "s") }.WithRegex("a+"),
            "regex_tools" => new ChatOptions { Tools = [tool] }.WithRegex("a+"),
            _ => throw new ArgumentOutOfRangeException(nameof(@case)),
        };
        var handler = new FakeHttpHandler();
        using var client = TestClients.Create(handler);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync(TestClients.Ask("x"), options));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task N_of_one_is_allowed()
    {
        var handler = new FakeHttpHandler().ReplyJson(TestClients.SimpleReply);
        using var client = TestClients.Create(handler);
        await client.GetResponseAsync(TestClients.Ask("x"), new ChatOptions { AdditionalProperties = new() { ["n"] = 1 } });
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("image/gif")]
    [InlineData("image/bmp")]
    public async Task Unsupported_image_types_are_refused(string mediaType)
    {
        var handler = new FakeHttpHandler();
        using var client = TestClients.Create(handler);
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync([new(ChatRole.User, [new DataContent(new byte[] { 1 }, mediaType)])]));
        Assert.Contains(mediaType, error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Bodies_over_20_MB_are_refused_locally()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClients.Create(handler);
        var image = new DataContent(new byte[16 * 1024 * 1024], "image/png"); // 21.3 MB as base64
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([new(ChatRole.User, [image])]));
        Assert.Contains("20 MB", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData(-0.1f, null, null)]
    [InlineData(null, 0f, null)]
    [InlineData(null, 1.5f, null)]
    [InlineData(null, null, -1)]
    public async Task Out_of_range_options_are_refused(float? temperature, float? topP, int? topK)
    {
        var handler = new FakeHttpHandler();
        using var client = TestClients.Create(handler);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetResponseAsync(TestClients.Ask("x"), new ChatOptions { Temperature = temperature, TopP = topP, TopK = topK }));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Empty_conversation_is_refused()
    {
        using var client = TestClients.Create(new FakeHttpHandler());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync([]));
        Assert.Contains("no messages", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_key_for_the_public_endpoint_names_the_variable()
    {
        var error = Assert.Throws<ArgumentException>(() => new PerceptronChatClient(new PerceptronClientOptions()));
        Assert.Contains("PERCEPTRON_API_KEY", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pk-secret-123\r\nX-Injected: yes")]
    [InlineData("pk-secret-123 ")]
    [InlineData("pk-secret\t123")]
    public void A_key_with_whitespace_or_control_characters_is_refused_without_quoting_it(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new PerceptronChatClient(new PerceptronClientOptions { ApiKey = key }));
        Assert.Contains("ApiKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_loopback_endpoint_needs_no_key_and_options_never_show_the_key()
    {
        using var client = new PerceptronChatClient(new PerceptronClientOptions { Endpoint = new Uri("http://127.0.0.1:5080/v1") });
        var options = new PerceptronClientOptions { ApiKey = TestClients.ApiKey };
        Assert.DoesNotContain(TestClients.ApiKey, options.ToString(), StringComparison.Ordinal);
    }
}
