using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Core.Wire;

/// <summary>Source-generated JSON for the chat-completions wire: no reflection, trim and AOT safe.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    UseStringEnumConverter = false)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(List<WireContentPart>))]
[JsonSerializable(typeof(WireContentPart))]
[JsonSerializable(typeof(WireError))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(float))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<WireTool>))]
[JsonSerializable(typeof(WireResponseFormat))]
[JsonSerializable(typeof(WireToolChoice))]
internal sealed partial class CoreJsonContext : JsonSerializerContext
{
    /// <summary>MEAI's JSON options without indentation, for arbitrary tool arguments and results.</summary>
    public static JsonSerializerOptions Compact { get; } = new(Microsoft.Extensions.AI.AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    /// <summary>Options for request bodies: no HTML escaping, so base64 and URLs stay compact.</summary>
    public static CoreJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
