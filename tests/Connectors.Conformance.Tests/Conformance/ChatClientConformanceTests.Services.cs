using System.Text.Json;
using Connectors.Emulator.Rules;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connectors.Conformance.Tests.Conformance;

/// <summary>Structured output, <see cref="IChatClient.GetService"/>, and inputs the client must leave as it found them.</summary>
public abstract partial class ChatClientConformanceTests
{
    /// <summary>A structured answer <c>GetResponseAsync&lt;T&gt;</c> deserializes.</summary>
    public sealed record ShapeCount(string Shape, int Count);

    [Fact]
    public void GetService_returns_metadata_a_copy_of_the_options_and_the_client()
    {
        using var client = CreateClient(Http);

        var metadata = client.GetService<ChatClientMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal(ProviderName, metadata.ProviderName);
        Assert.Equal(Endpoint, metadata.ProviderUri);
        Assert.Equal(DefaultModelId, metadata.DefaultModelId);

        var options = client.GetService(OptionsType);
        Assert.IsType(OptionsType, options);
        Assert.NotSame(options, client.GetService(OptionsType));

        Assert.Same(client, client.GetService<IChatClient>());
        Assert.Same(client, client.GetService(client.GetType()));
        Assert.Null(client.GetService<ChatClientMetadata>("some key"));
        Assert.Null(client.GetService(client.GetType(), "some key"));
        Assert.Null(client.GetService<JsonSerializerOptions>());
        Assert.Throws<ArgumentNullException>(() => client.GetService(null!));
    }

    [Fact]
    public void GetService_finds_the_client_and_its_metadata_through_a_pipeline()
    {
        using var inner = CreateClient(Http);
        using var pipeline = inner.AsBuilder().UseLogging(NullLoggerFactory.Instance).UseFunctionInvocation().UseOpenTelemetry().Build();

        Assert.Same(inner, pipeline.GetService(inner.GetType()));
        Assert.Same(inner.GetService<ChatClientMetadata>(), pipeline.GetService<ChatClientMetadata>());
        Assert.IsType(OptionsType, pipeline.GetService(OptionsType));
    }

    [Fact]
    public async Task Shared_options_and_messages_are_never_mutated()
    {
        AnswersAfterToolResults("Done.");
        CallsTools(Call("call_s1", "get_weather", """{"city":"Paris"}"""));
        When("again", new RuleReply { Text = "Again." });
        var additional = new AdditionalPropertiesDictionary { ["conformance_marker"] = "kept" };
        var tools = new List<AITool> { Weather };
        var options = new ChatOptions { Temperature = 0.5f, MaxOutputTokens = 200, Tools = tools, ToolMode = ChatToolMode.Auto, AdditionalProperties = additional };
        var before = Snapshot(options);
        List<ChatMessage> history = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "What is the weather in Paris?")];
        var historyBefore = JsonSerializer.Serialize(history, AIJsonUtilities.DefaultOptions);
        using var raw = CreateClient(Http);
        using var looping = raw.AsBuilder().UseFunctionInvocation().Build();

        await looping.GetResponseAsync(history, options, Ct);
        await raw.GetStreamingResponseAsync(Ask("again"), options, Ct).ToChatResponseAsync(Ct);
        await Task.WhenAll(raw.GetResponseAsync(Ask("again"), options, Ct), raw.GetResponseAsync(Ask("again"), options, Ct));

        Assert.Equal(before, Snapshot(options));
        Assert.Same(tools, options.Tools);
        Assert.Same(additional, options.AdditionalProperties);
        Assert.Null(options.ModelId);
        Assert.Null(options.ConversationId);
        Assert.Equal(historyBefore, JsonSerializer.Serialize(history, AIJsonUtilities.DefaultOptions));
        Assert.Equal(5, Recorder.ChatBodies.Count);

        // Vendor options (hints, retrieval) live in AdditionalProperties: the client reads them, never rewrites them.
        var (vendorMessages, vendorOptions) = ProviderContentRequest();
        var vendorBefore = Snapshot(vendorOptions);
        await raw.GetResponseAsync(vendorMessages, vendorOptions, Ct);
        await raw.GetStreamingResponseAsync(vendorMessages, vendorOptions, Ct).ToChatResponseAsync(Ct);
        Assert.Equal(vendorBefore, Snapshot(vendorOptions));

        static string Snapshot(ChatOptions o) => JsonSerializer.Serialize(new
        {
            o.ModelId,
            o.Temperature,
            o.MaxOutputTokens,
            o.TopP,
            o.Instructions,
            o.ConversationId,
            Tools = o.Tools?.Select(t => t.Name).ToList(),
            ToolMode = o.ToolMode?.ToString(),
            o.ResponseFormat,
            o.StopSequences,
            Additional = o.AdditionalProperties?.ToDictionary(p => p.Key, p => JsonSerializer.Serialize(p.Value)),
        });
    }
}
