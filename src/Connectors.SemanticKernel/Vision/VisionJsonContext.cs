using System.Text.Json.Serialization;

namespace Connectors.SemanticKernel;

/// <summary>Source-generated JSON for the plugin's parameters and results (trimming and native AOT).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(DetectionResult))]
[JsonSerializable(typeof(CountResult))]
[JsonSerializable(typeof(LocationResult))]
[JsonSerializable(typeof(SegmentationResult))]
[JsonSerializable(typeof(TextReadingResult))]
[JsonSerializable(typeof(DescriptionResult))]
[JsonSerializable(typeof(ImageAnswerResult))]
[JsonSerializable(typeof(TrackingResult))]
[JsonSerializable(typeof(MomentsResult))]
internal sealed partial class VisionJsonContext : JsonSerializerContext;
