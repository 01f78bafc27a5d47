using System.Net;
using System.Text;
using Connectors.Core;
using Connectors.Reliability.Tests.Infrastructure;
using Connectors.Tests;

namespace Connectors.Reliability.Tests.Faults;

/// <summary>
/// A body that breaks while it is read (a reset after the headers), which the emulator cannot produce for a
/// non-streamed reply: it must still end in a typed error naming the provider, in both clients and for listings.
/// </summary>
public sealed class BrokenBodyTests
{
    private static readonly ClientSettings NoRetries = new() { Resilience = new ChatResilienceOptions { RetriesEnabled = false } };

    private static HttpResponseMessage Broken(string contentType, string firstPart)
    {
        var content = new StreamContent(new BreakingStream(Encoding.UTF8.GetBytes(firstPart)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    [Theory]
    [InlineData(Dialect.Perceptron)]
    [InlineData(Dialect.JamAI)]
    public async Task A_reply_body_that_breaks_off_is_a_typed_error(Dialect dialect)
    {
        var handler = new FakeHttpHandler().ReplyWith(_ => Broken("application/json", """{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"half"""));
        using var client = TestClients.Create(dialect, new Uri("https://api.example.test/v1"), NoRetries, new HttpClient(handler));

        var error = await Assert.ThrowsAnyAsync<ChatServiceException>(() => client.GetResponseAsync(TestClients.Ask("x"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(dialect == Dialect.Perceptron ? "perceptron" : "jamai", error.ProviderName);
        Assert.IsType<IOException>(error.InnerException);
    }

    [Theory]
    [InlineData(Dialect.Perceptron)]
    [InlineData(Dialect.JamAI)]
    public async Task A_stream_body_that_breaks_off_is_a_stream_error(Dialect dialect)
    {
        var handler = new FakeHttpHandler().ReplyWith(_ => Broken("text/event-stream", "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"half\"}}]}\n\n"));
        using var client = TestClients.Create(dialect, new Uri("https://api.example.test/v1"), NoRetries, new HttpClient(handler));

        var (response, partial, error) = await TestClients.StreamAsync(client, "x", TestContext.Current.CancellationToken);

        Assert.Null(response);
        Assert.Equal("half", partial);
        Assert.Equal(dialect == Dialect.Perceptron ? "perceptron" : "jamai", Assert.IsType<ChatStreamException>(error).ProviderName);
    }

    [Fact]
    public async Task A_model_listing_that_is_cut_or_breaks_off_is_a_typed_error()
    {
        var handler = new FakeHttpHandler()
            .Reply(HttpStatusCode.OK, """{"object":"list","data":[{"id":"isaac""")
            .ReplyWith(_ => Broken("application/json", """{"object":"list","data":["""));
        using var client = new Perceptron.PerceptronChatClient(new Perceptron.PerceptronClientOptions { ApiKey = "k", Endpoint = new Uri("https://api.example.test/v1"), Resilience = new ChatResilienceOptions { RetriesEnabled = false } }, new HttpClient(handler));

        var cut = await Assert.ThrowsAnyAsync<ChatServiceException>(() => client.ListModelsAsync(TestContext.Current.CancellationToken));
        var broken = await Assert.ThrowsAnyAsync<ChatServiceException>(() => client.ListModelsAsync(TestContext.Current.CancellationToken));

        Assert.Equal("perceptron", cut.ProviderName);
        Assert.Equal("perceptron", broken.ProviderName);
    }

    [Fact]
    public async Task A_model_listing_that_never_answers_is_a_timeout()
    {
        using var never = new NeverAnswers();
        using var client = new Perceptron.PerceptronChatClient(new Perceptron.PerceptronClientOptions { ApiKey = "k", Endpoint = new Uri("https://api.example.test/v1"), RequestTimeout = TimeSpan.FromMilliseconds(200), Resilience = new ChatResilienceOptions { RetriesEnabled = false } }, new HttpClient(never));

        var error = await Assert.ThrowsAsync<ChatTimeoutException>(() => client.ListModelsAsync(TestContext.Current.CancellationToken)).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.Equal("perceptron", error.ProviderName);
    }

    /// <summary>A peer that accepts the request and never sends headers.</summary>
    private sealed class NeverAnswers : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
