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
internal sealed partial class JamAIJsonContext : JsonSerializerContext;
