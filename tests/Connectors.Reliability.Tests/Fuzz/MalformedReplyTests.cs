using System.Text;
using Connectors.Core;
using Connectors.Reliability.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace Connectors.Reliability.Tests.Fuzz;

/// <summary>
/// Well-formed JSON in shapes the mapping did not expect, each minimised from a DialectFuzzTests failure (they
/// raised NullReferenceException or ArgumentException from Core's mappers or JamAI's citations): a typed error
/// naming the place now, or, for references, the answer without them.
/// </summary>
public sealed class MalformedReplyTests
{
    private const string Head = """{"id":"c1","object":"chat.completion.chunk","created":1790000000,"model":"m","choices":""";

    public static TheoryData<Dialect, string> Streams => new()
    {
        { Dialect.Perceptron, Head + "[null]}" },
        { Dialect.JamAI, Head + "[null]}" },
        { Dialect.Perceptron, Head + """[{"index":0,"delta":{"role":" ","content":"a"}}]}""" },
        { Dialect.Perceptron, Head + """[{"index":0,"delta":{"tool_calls":[null]}}]}""" },
    };

    public static TheoryData<Dialect, string> Replies => new()
    {
        { Dialect.Perceptron, """{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"a","tool_calls":[null]},"finish_reason":"stop"}]}""" },
        { Dialect.JamAI, """{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"a"},"finish_reason":"stop"},null]}""" },
    };

    private static IChatClient Client(Dialect dialect, string body, bool streaming) =>
        TestClients.Create(
            dialect,
            new Uri("https://api.example.test/v1"),
            new ClientSettings { Resilience = new ChatResilienceOptions { RetriesEnabled = false } },
            new HttpClient(new CannedReplyHandler(Encoding.UTF8.GetBytes(body), streaming ? "text/event-stream" : "application/json", () => 4096)));

    [Theory]
    [MemberData(nameof(Streams))]
    public async Task An_unexpected_stream_event_is_a_stream_error(Dialect dialect, string chunk)
    {
        using var client = Client(dialect, $"data: {chunk}\n\ndata: [DONE]\n\n", streaming: true);

        var (response, _, error) = await TestClients.StreamAsync(client, "x", TestContext.Current.CancellationToken);

        Assert.Null(response);
        Assert.NotNull(Assert.IsType<ChatStreamException>(error).ProviderName);
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public async Task An_unexpected_reply_is_a_service_error(Dialect dialect, string body)
    {
        using var client = Client(dialect, body, streaming: false);

        var error = await Assert.ThrowsAnyAsync<ChatServiceException>(() => client.GetResponseAsync(TestClients.Ask("x"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.NotNull(error.ProviderName);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public async Task References_holding_a_null_chunk_are_ignored_and_the_answer_is_kept()
    {
        const string body = """{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Omega [@0]."},"finish_reason":"stop"}],"references":{"object":"chat.references","chunks":[null],"search_query":"q"}}""";
        using var client = Client(Dialect.JamAI, body, streaming: false);

        var response = await client.GetResponseAsync(TestClients.Ask("x"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("Omega [@0].", response.Text);
        var contents = Assert.Single(response.Messages).Contents;
        Assert.Equal("Omega [@0].", Assert.IsType<TextContent>(Assert.Single(contents)).Text);
        Assert.Null(contents[0].Annotations);
    }

    [Fact]
    public async Task A_null_choice_is_named_in_the_error()
    {
        using var client = Client(Dialect.Perceptron, """{"id":"c1","object":"chat.completion","choices":[{"index":0,"message":{"content":"a"}},null]}""", streaming: false);

        var error = await Assert.ThrowsAsync<ChatServiceException>(() => client.GetResponseAsync(TestClients.Ask("x"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("choices[1] is null", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidDataException>(error.InnerException);
    }
}
