using System.Text.Json.Nodes;
using Connectors.Core;
using Microsoft.Extensions.AI;

namespace Connectors.JamAI.Tests;

public sealed class EmbeddingGeneratorTests
{
    private const string Model = "openai/text-embedding-3-small-512";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static JamAIEmbeddingGenerator Create(ScriptedHandler handler, string? model = Model) => new(
        new JamAIClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1:6969/api"),
            Token = Clients.Token,
            ProjectId = "proj_test",
            Resilience = new() { RetriesEnabled = false },
        },
        model,
        new HttpClient(handler));

    /// <summary>An embeddings reply for <paramref name="count"/> texts: text i embeds as [i, -i] in base64.</summary>
    private static string Base64Reply(int count, int offset = 0)
    {
        var data = new JsonArray();
        for (var i = count - 1; i >= 0; i--)
        {
            // Reversed on purpose: the index, not the order, places a vector.
            var bytes = new byte[8];
            BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), (float)(offset + i));
            BitConverter.TryWriteBytes(bytes.AsSpan(4, 4), (float)-(offset + i));
            data.Add(new JsonObject { ["object"] = "embedding", ["embedding"] = Convert.ToBase64String(bytes), ["index"] = i });
        }

        return new JsonObject { ["object"] = "list", ["data"] = data, ["model"] = Model, ["usage"] = new JsonObject { ["prompt_tokens"] = count * 2, ["total_tokens"] = count * 2 } }.ToJsonString();
    }

    [Fact]
    public async Task The_servers_reply_becomes_embeddings_in_order_with_usage()
    {
        var handler = new ScriptedHandler().Replay("embeddings");
        using var generator = Create(handler);

        var embeddings = await generator.GenerateAsync(["first text", "second text"], cancellationToken: Token);

        Assert.Equal([0.0123f, -0.0456f, 0.0789f], embeddings[0].Vector.ToArray());
        Assert.Equal([0.0321f, 0.0654f, -0.0987f], embeddings[1].Vector.ToArray());
        Assert.Equal(Model, embeddings[0].ModelId);
        Assert.Equal(9, embeddings.Usage!.InputTokenCount);
        Assert.Equal(9, embeddings.Usage.TotalTokenCount);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://127.0.0.1:6969/api/v1/embeddings", request.Uri.ToString());
        Assert.Equal("Bearer " + Clients.Token, request.Header("Authorization"));
        Assert.Equal("proj_test", request.Header("X-PROJECT-ID"));
        JsonAssert.Equal("""{"model":"openai/text-embedding-3-small-512","input":["first text","second text"],"encoding_format":"base64"}""", request.Json);
    }

    [Fact]
    public async Task Base64_vectors_are_decoded_and_batches_keep_the_input_order()
    {
        var texts = Enumerable.Range(0, JamAIEmbeddingGenerator.MaxBatchSize + 3).Select(i => $"text {i}").ToList();
        var handler = new ScriptedHandler().Json(Base64Reply(JamAIEmbeddingGenerator.MaxBatchSize)).Json(Base64Reply(3, JamAIEmbeddingGenerator.MaxBatchSize));
        using var generator = Create(handler);

        var embeddings = await generator.GenerateAsync(texts, cancellationToken: Token);

        Assert.Equal(texts.Count, embeddings.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.Equal([i, -i], embeddings[i].Vector.ToArray());
        }

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(3, handler.Requests[1].Json["input"]!.AsArray().Count);
        Assert.Equal(texts.Count * 2, embeddings.Usage!.InputTokenCount);
    }

    [Fact]
    public async Task A_query_is_embedded_as_a_query_and_the_options_are_not_changed()
    {
        var handler = new ScriptedHandler().Json(Base64Reply(1));
        using var generator = Create(handler, model: null);
        var options = new EmbeddingGenerationOptions { ModelId = "custom/model", AdditionalProperties = new() { [JamAIEmbeddingGenerator.InputTypeKey] = "query" } };

        await generator.GenerateAsync(["where is bay 4?"], options, Token);

        Assert.Equal("query", handler.Requests[0].Json["type"]!.GetValue<string>());
        Assert.Equal("custom/model", handler.Requests[0].Json["model"]!.GetValue<string>());
        Assert.Equal("custom/model", options.ModelId);
        Assert.Equal("query", Assert.Single(options.AdditionalProperties).Value);
    }

    [Theory]
    [InlineData("dimensions")]
    [InlineData("empty text")]
    [InlineData("bad type")]
    [InlineData("no model")]
    public async Task Bad_input_fails_before_sending_with_a_message_that_says_what_to_change(string problem)
    {
        var handler = new ScriptedHandler();
        using var generator = Create(handler, model: problem == "no model" ? null : Model);
        var options = problem switch
        {
            "dimensions" => new EmbeddingGenerationOptions { Dimensions = 256 },
            "bad type" => new EmbeddingGenerationOptions { AdditionalProperties = new() { ["type"] = "passage" } },
            _ => null,
        };
        string[] texts = problem == "empty text" ? ["a", ""] : ["a"];

        var error = await Assert.ThrowsAnyAsync<Exception>(() => generator.GenerateAsync(texts, options, Token));

        Assert.True(error is ArgumentException or NotSupportedException or InvalidOperationException, error.GetType().Name);
        Assert.Matches(problem switch { "dimensions" => "Dimensions", "empty text" => "Text 1 is empty", "bad type" => "\"query\" or \"document\"", _ => "defaultModelId" }, error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_cancelled_call_stops()
    {
        var handler = new ScriptedHandler().Json(Base64Reply(1));
        using var generator = Create(handler);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(["a"], cancellationToken: cancelled.Token));
    }

    [Fact]
    public async Task Errors_are_the_clients_typed_errors_without_the_token()
    {
        var handler = new ScriptedHandler().Replay("error_401_unauthorized");
        using var generator = Create(handler);

        var error = await Assert.ThrowsAsync<ChatAuthenticationException>(() => generator.GenerateAsync(["a"], cancellationToken: Token));

        Assert.DoesNotContain(Clients.Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_and_middleware_work_as_in_MEAI()
    {
        var handler = new ScriptedHandler().Json(Base64Reply(1));
        using var generator = Create(handler);
        using var pipeline = generator.AsBuilder().UseLogging(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).UseOpenTelemetry().Build();

        var metadata = pipeline.GetService<EmbeddingGeneratorMetadata>();
        var embedding = await pipeline.GenerateAsync("a", cancellationToken: Token);

        Assert.Equal("jamai", metadata!.ProviderName);
        Assert.Equal(Model, metadata.DefaultModelId);
        Assert.Same(generator, pipeline.GetService<JamAIEmbeddingGenerator>());
        Assert.Equal([0f, -0f], embedding.Vector.ToArray());
    }
}
