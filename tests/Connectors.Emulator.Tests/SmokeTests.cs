using System.Net;

namespace Connectors.Emulator.Tests;

public sealed class SmokeTests : EmulatorTestBase
{
    [Fact]
    public async Task Perceptron_chat_answers_in_openai_shape()
    {
        using var response = await PostAsync("/v1/chat/completions", PerceptronBody("Hello there"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonAsync(response);
        Assert.Equal("chat.completion", (string?)json["object"]);
        Assert.Equal("assistant", (string?)json["choices"]![0]!["message"]!["role"]);
        Assert.Contains("Hello there", (string?)json["choices"]![0]!["message"]!["content"], StringComparison.Ordinal);
        Assert.Equal("stop", (string?)json["choices"]![0]!["finish_reason"]);
        Assert.True((int)json["usage"]!["prompt_tokens"]! > 0);
        Assert.True(response.Headers.Contains("x-trace-id"));
    }
}
