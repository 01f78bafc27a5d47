using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Conformance.Tests.Infrastructure;
using Connectors.Conformance.Tests.Schema;
using Connectors.Emulator;
using Connectors.Emulator.Rules;
using Microsoft.Extensions.AI;

namespace Connectors.Conformance.Tests.Conformance;

/// <summary>
/// What any first-class Microsoft.Extensions.AI chat provider is expected to do, checked against the emulator over
/// real HTTP on 127.0.0.1. One subclass per client supplies how to build it and its provider-specific content.
/// Every request body a test sends is validated against OpenAI's <c>CreateChatCompletionRequest</c> when it ends.
/// </summary>
public abstract partial class ChatClientConformanceTests : IAsyncLifetime
{
    private HttpClient? _http;

    /// <summary>The emulator this test talks to (one per test, so rules and logs never leak between tests).</summary>
    protected EmulatorServer Server { get; private set; } = null!;

    /// <summary>Keeps the exact bytes of every request body the client sent.</summary>
    protected RecordingHandler Recorder { get; } = new();

    /// <summary>An HTTP client over <see cref="Recorder"/>.</summary>
    protected HttpClient Http => _http ??= new HttpClient(Recorder);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The dialect the client speaks, for rules.</summary>
    protected abstract EmulatorDialect Dialect { get; }

    /// <summary>The provider name in <see cref="ChatClientMetadata"/> and telemetry.</summary>
    protected abstract string ProviderName { get; }

    /// <summary>The model the client uses when the options name none.</summary>
    protected abstract string DefaultModelId { get; }

    /// <summary>The endpoint the client is configured with.</summary>
    protected abstract Uri Endpoint { get; }

    /// <summary>The client's options type, which <see cref="IChatClient.GetService"/> hands out as a copy.</summary>
    protected abstract Type OptionsType { get; }

    /// <summary>The secret the client authenticates with; it must never reach logs or telemetry.</summary>
    protected abstract string Secret { get; }

    /// <summary>JSON options that know the provider's own <see cref="AIContent"/> types, as a user passes them to the cache.</summary>
    protected abstract JsonSerializerOptions ProviderJsonOptions { get; }

    /// <summary>Builds the client under test on <paramref name="httpClient"/>.</summary>
    protected abstract IChatClient CreateClient(HttpClient httpClient);

    /// <summary>Whether a streamed request that carries tools goes out streamed (JamAI's client sends it whole by default).</summary>
    protected virtual bool StreamsRequestsWithTools => true;

    /// <summary>A request whose answer carries the provider's own content (grounding, or references and citations).</summary>
    protected abstract (List<ChatMessage> Messages, ChatOptions Options) ProviderContentRequest();

    /// <summary>Checks that a response carries the provider's own content and that it is usable.</summary>
    protected abstract void AssertProviderContent(ChatResponse response);

    /// <summary>The rule condition that holds once the history carries tool results in this dialect.</summary>
    protected abstract RuleMatch AfterToolResults();

    /// <summary>Checks that a sent request carries the result of call <paramref name="callId"/>.</summary>
    protected abstract void AssertCarriesToolResult(JsonObject body, string callId, string functionName, string result);

    /// <summary>Schema errors that a documented vendor deviation explains; none by default.</summary>
    protected virtual bool IsDocumentedDeviation(SchemaError error) => false;

    public virtual async ValueTask InitializeAsync() =>
        Server = await EmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        var bodies = Recorder.ChatBodies;
        _http?.Dispose();
        await Server.DisposeAsync();
        foreach (var body in bodies)
        {
            await OpenApiRequestValidator.AssertValidAsync(body, IsDocumentedDeviation);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A rule of this dialect answering last-user text matching <paramref name="text"/>.</summary>
    protected EmulatorRule When(string text, RuleReply reply) =>
        Server.Rules.Add(new EmulatorRule { Name = text, Match = new RuleMatch { Dialect = Dialect, Text = text }, Reply = reply });

    protected static List<ChatMessage> Ask(string text) => [new(ChatRole.User, text)];

    /// <summary>The chat bodies sent so far, parsed.</summary>
    protected List<JsonObject> SentBodies() => [.. Recorder.ChatBodies.Select(b => JsonNode.Parse(b)!.AsObject())];
}
