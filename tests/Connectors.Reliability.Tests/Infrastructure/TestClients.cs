using Connectors.Emulator;
using Connectors.JamAI;
using Connectors.Perceptron;
using Microsoft.Extensions.AI;

namespace Connectors.Reliability.Tests.Infrastructure;

/// <summary>Builds Perceptron and JamAI clients pointed at a running emulator.</summary>
internal static class TestClients
{
    /// <summary>A client plus the HTTP client it sends with, disposed together.</summary>
    public sealed class Owned(IChatClient client, HttpClient? http) : IDisposable
    {
        public IChatClient Client { get; } = client;

        public void Dispose()
        {
            Client.Dispose();
            http?.Dispose();
        }
    }

    public static Owned Create(EmulatorServer server, Dialect dialect, ClientSettings settings)
    {
        var http = settings.Headers.Count == 0 ? null : new HttpClient(new ExtraHeadersHandler(settings.Headers)) { Timeout = Timeout.InfiniteTimeSpan };
        return new Owned(Create(dialect, dialect == Dialect.Perceptron ? server.PerceptronEndpoint : server.JamAIEndpoint, settings, http), http);
    }

    public static IChatClient Create(Dialect dialect, Uri endpoint, ClientSettings settings, HttpClient? http) => dialect switch
    {
        Dialect.Perceptron => new PerceptronChatClient(
            new PerceptronClientOptions
            {
                Endpoint = endpoint,
                ApiKey = settings.ApiKey,
                RequestTimeout = settings.RequestTimeout,
                StreamIdleTimeout = settings.StreamIdleTimeout,
                Resilience = settings.Resilience ?? new PerceptronClientOptions().Resilience,
            },
            http),
        _ => new JamAIChatClient(
            new JamAIClientOptions
            {
                Endpoint = endpoint,
                Token = settings.ApiKey,
                RequestTimeout = settings.RequestTimeout,
                Resilience = settings.Resilience ?? new JamAIClientOptions().Resilience,
            },
            http),
    };

    public static List<ChatMessage> Ask(string text) => [new(ChatRole.User, text)];

    /// <summary>Reads a whole stream into one response, or returns the error and the text seen before it.</summary>
    public static async Task<(ChatResponse? Response, string PartialText, Exception? Error)> StreamAsync(IChatClient client, string question, CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(Ask(question), cancellationToken: cancellationToken))
            {
                updates.Add(update);
            }

            return (updates.ToChatResponse(), "", null);
        }
        catch (Exception e)
        {
            return (null, string.Concat(updates.Select(u => u.Text)), e);
        }
    }
}
