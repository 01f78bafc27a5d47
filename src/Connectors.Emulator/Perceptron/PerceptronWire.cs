using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Emulator.Perceptron;

// The Perceptron wire shapes the emulator writes. Optional members are left out when unset, as the service does.
internal sealed record PError(PErrorBody Error);

internal sealed record PErrorBody(string? Message, string? Type, string? Param, string? Code);

internal sealed record PCompletion(string Id, string Object, long Created, string Model, List<PChoice> Choices, PUsage Usage);

internal sealed record PChoice(int Index, PMessage Message, string FinishReason);

internal sealed record PMessage(
    string? Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReasoningContent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<PToolCall>? ToolCalls);

internal sealed record PToolCall(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Index,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type,
    PFunction Function);

internal sealed record PFunction(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    string Arguments);

internal sealed record PUsage(
    int PromptTokens,
    int CompletionTokens,
    int TotalTokens,
    PPromptDetails PromptTokensDetails,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PCompletionDetails? CompletionTokensDetails);

internal sealed record PPromptDetails(int CachedTokens, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int AudioTokens = 0);

internal sealed record PCompletionDetails(int ReasoningTokens);

internal sealed record PChunk(
    string Id,
    string Object,
    long Created,
    string Model,
    List<PChunkChoice> Choices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PUsage? Usage);

internal sealed record PChunkChoice(
    int Index,
    PDelta Delta,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FinishReason);

internal sealed record PDelta(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReasoningContent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] List<PToolCall>? ToolCalls);

internal sealed record PModelList(string Object, List<PModelItem> Data);

internal sealed record PModelItem(
    string Id,
    string Object,
    long Created,
    string OwnedBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Capabilities = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Modalities = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? OutputFormats = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? SamplingParameters = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PReasoning? Reasoning = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxContextTokens = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? MaxOutputTokens = null);

internal sealed record PReasoning(bool Supported, bool AlwaysEnabled);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PError))]
[JsonSerializable(typeof(PCompletion))]
[JsonSerializable(typeof(PChunk))]
[JsonSerializable(typeof(PModelList))]
[JsonSerializable(typeof(PModelItem))]
internal sealed partial class PerceptronJson : JsonSerializerContext
{
    /// <summary>Writes non-ASCII text and quotes as the service does (raw UTF-8, <c>\"</c>), not as <c>\uXXXX</c>.</summary>
    public static PerceptronJson Wire { get; } = new(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
