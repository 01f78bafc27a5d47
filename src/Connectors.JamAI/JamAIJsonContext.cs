using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.JamAI;

/// <summary>Source-generated JSON for the JamAI types: no reflection, trim and AOT safe.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RagParams))]
[JsonSerializable(typeof(JamAIReferences))]
[JsonSerializable(typeof(JamAIChunk))]
[JsonSerializable(typeof(IReadOnlyList<JamAIChunk>))]
[JsonSerializable(typeof(JamAIReferencesContent))]
[JsonSerializable(typeof(JamAIModelInfo))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(EmbeddingRequest))]
[JsonSerializable(typeof(FileUrlsRequest))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
internal sealed partial class JamAIJsonContext : JsonSerializerContext;

/// <summary>The body of <c>POST v1/embeddings</c>.</summary>
internal sealed record EmbeddingRequest(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("input")] List<string> Input,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("encoding_format")] string EncodingFormat);

/// <summary>The body of <c>POST v2/files/url/raw</c>.</summary>
internal sealed record FileUrlsRequest([property: JsonPropertyName("uris")] List<string> Uris);
