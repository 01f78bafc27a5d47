using Connectors.Tests;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Tests;

internal static class TestClients
{
    public const string ApiKey = "sk-test-0123456789abcdef";

    public static PerceptronChatClient Create(FakeHttpHandler handler, Action<PerceptronClientOptions>? configure = null)
    {
        // Retries are off unless a test is about them: error tests want the first failure.
        var options = new PerceptronClientOptions { ApiKey = ApiKey, Endpoint = new Uri("https://api.perceptron.test/v1"), Resilience = new() { RetriesEnabled = false } };
        configure?.Invoke(options);
        return new PerceptronChatClient(options, new HttpClient(handler));
    }

    public static string TestData(params string[] parts) => File.ReadAllText(Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]));

    public static List<ChatMessage> Ask(string text) => [new(ChatRole.User, text)];

    public const string SimpleReply = """
        {"id":"chatcmpl-9","object":"chat.completion","created":1790000000,"model":"isaac-0.2-2b-preview","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}
        """;
}
