using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Grounding;

/// <summary>Source-generated JSON metadata for the grounding types (no reflection: AOT and trim safe).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GroundingContent))]
[JsonSerializable(typeof(GroundingAnnotation))]
[JsonSerializable(typeof(IReadOnlyList<GroundingAnnotation>))]
internal sealed partial class GroundingJsonContext : JsonSerializerContext;
