using System.Buffers.Binary;
using System.Text.Json;
using Connectors.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Connectors.JamAI;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over JamAI Base's <c>POST {endpoint}/v1/embeddings</c>,
/// with the chat client's credentials, headers, retries, rate limit and typed errors.
/// </summary>
/// <remarks>
/// Texts go in batches of <see cref="MaxBatchSize"/>; vectors arrive base64-encoded and come back in input order,
/// not normalized (the server does not normalize them). The server embeds a text as a <c>document</c> unless
/// <c>AdditionalProperties["type"]</c> of <see cref="EmbeddingGenerationOptions"/> is <c>"query"</c> (use it for
/// search queries). <see cref="EmbeddingGenerationOptions.Dimensions"/> is refused: the server accepts it but
/// does not apply it, so vectors would not have the size asked for.
/// </remarks>
public sealed class JamAIEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>How many texts one request carries.</summary>
    public const int MaxBatchSize = 128;

    /// <summary>The <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> key of the input type: <c>"query"</c> or <c>"document"</c>.</summary>
    public const string InputTypeKey = "type";

    private readonly ChatCompletionsEngine _engine;
    private readonly string? _defaultModelId;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Creates a generator.</summary>
    /// <param name="options">Endpoint, credentials and project, as for <see cref="JamAIChatClient"/>; copied.</param>
    /// <param name="defaultModelId">The embedding model used when the options name none, such as <c>openai/text-embedding-3-small</c>.</param>
    /// <param name="httpClient">The HTTP client to send with (not disposed by this generator); a shared one when null.</param>
    /// <param name="logger">Receives debug entries about retries.</param>
    /// <exception cref="ArgumentException">The options are not valid.</exception>
    public JamAIEmbeddingGenerator(JamAIClientOptions options, string? defaultModelId = null, HttpClient? httpClient = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var own = options.Clone();
        _engine = new ChatCompletionsEngine(JamAIProfile.Create(own), httpClient, logger);
        _defaultModelId = string.IsNullOrEmpty(defaultModelId) ? null : defaultModelId;
        _metadata = new EmbeddingGeneratorMetadata("jamai", own.Endpoint, _defaultModelId);
    }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var model = options?.ModelId ?? _defaultModelId
            ?? throw new InvalidOperationException("No embedding model: pass defaultModelId to the JamAIEmbeddingGenerator constructor or set EmbeddingGenerationOptions.ModelId.");
        if (options?.Dimensions is not null)
        {
            throw new NotSupportedException("JamAI Base accepts 'dimensions' but does not apply it: leave EmbeddingGenerationOptions.Dimensions unset and use the model's own size.");
        }

        var inputType = InputType(options);
        for (var i = 0; i < texts.Count; i++)
        {
            if (string.IsNullOrEmpty(texts[i]))
            {
                throw new ArgumentException($"Text {i} is empty: JamAI Base refuses empty inputs; leave it out.", nameof(values));
            }
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        long inputTokens = 0, totalTokens = 0;
        var counted = false;
        for (var start = 0; start < texts.Count; start += MaxBatchSize)
        {
            var count = Math.Min(MaxBatchSize, texts.Count - start);
            var body = JsonSerializer.SerializeToUtf8Bytes(
                new EmbeddingRequest(model, texts.Skip(start).Take(count).ToList(), inputType, "base64"),
                JamAIJsonContext.Default.EmbeddingRequest);
            using var reply = await _engine.SendJsonAsync(HttpMethod.Post, "v1/embeddings", body, cancellationToken).ConfigureAwait(false);
            (List<Embedding<float>> Embeddings, long? InputTokens, long? TotalTokens) batch;
            try
            {
                batch = ReadBatch(reply.RootElement, count, model);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                throw new ChatServiceException($"jamai sent an embeddings reply that could not be read: {e.Message}", null, e) { ProviderName = "jamai" };
            }

            result.AddRange(batch.Embeddings);
            if (batch.InputTokens is { } input)
            {
                inputTokens += input;
                totalTokens += batch.TotalTokens ?? input;
                counted = true;
            }
        }

        if (counted)
        {
            result.Usage = new UsageDetails { InputTokenCount = inputTokens, TotalTokenCount = totalTokens };
        }

        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose() => _engine.Dispose();

    private static string? InputType(EmbeddingGenerationOptions? options)
    {
        if (options?.AdditionalProperties?.TryGetValue(InputTypeKey, out var value) != true || value is null)
        {
            return null;
        }

        var type = value.ToString();
        return type is "query" or "document"
            ? type
            : throw new ArgumentException($"EmbeddingGenerationOptions.AdditionalProperties[\"{InputTypeKey}\"] must be \"query\" or \"document\", not \"{value}\".", nameof(options));
    }

    private static (List<Embedding<float>> Embeddings, long? InputTokens, long? TotalTokens) ReadBatch(JsonElement root, int expected, string model)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() != expected)
        {
            throw new ChatServiceException($"jamai answered an embeddings request for {expected} texts without {expected} embeddings.") { ProviderName = "jamai" };
        }

        var vectors = new Embedding<float>?[expected];
        var position = 0;
        foreach (var item in data.EnumerateArray())
        {
            var index = item.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : position;
            if (index < 0 || index >= expected || vectors[index] is not null || !item.TryGetProperty("embedding", out var embedding))
            {
                throw new ChatServiceException($"jamai sent an embedding with a missing or repeated index ({index}).") { ProviderName = "jamai" };
            }

            vectors[index] = new Embedding<float>(Vector(embedding))
            {
                ModelId = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : model,
                CreatedAt = DateTimeOffset.UtcNow,
            };
            position++;
        }

        long? input = null, total = null;
        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            input = usage.TryGetProperty("prompt_tokens", out var p) && p.TryGetInt64(out var pt) ? pt : null;
            total = usage.TryGetProperty("total_tokens", out var t) && t.TryGetInt64(out var tt) ? tt : null;
        }

        return ([.. vectors.Select(static v => v!)], input, total);
    }

    /// <summary>A vector as base64 of little-endian float32 values, or as a JSON array of numbers.</summary>
    private static float[] Vector(JsonElement embedding)
    {
        switch (embedding.ValueKind)
        {
            case JsonValueKind.String:
                var bytes = embedding.GetBytesFromBase64();
                if (bytes.Length % sizeof(float) != 0)
                {
                    throw new ChatServiceException("jamai sent a base64 embedding whose length is not a whole number of float32 values.") { ProviderName = "jamai" };
                }

                var vector = new float[bytes.Length / sizeof(float)];
                for (var i = 0; i < vector.Length; i++)
                {
                    vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
                }

                return vector;
            case JsonValueKind.Array:
                var values = new float[embedding.GetArrayLength()];
                var k = 0;
                foreach (var value in embedding.EnumerateArray())
                {
                    values[k++] = value.GetSingle();
                }

                return values;
            default:
                throw new ChatServiceException("jamai sent an embedding that is neither base64 nor a list of numbers.") { ProviderName = "jamai" };
        }
    }
}
