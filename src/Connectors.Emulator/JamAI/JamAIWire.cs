using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Emulator.JamAI;

// The JamAI Base wire shapes the emulator writes. Like the real server, bodies include nulls.
internal sealed record JError(string Object, string Error, string Message, object? Detail, string RequestId, string? Exception);

internal sealed record JFieldError(string Type, string Msg, IReadOnlyList<object> Loc, string? Input);

internal sealed record JValidation(IReadOnlyList<JFieldError> Detail);

internal sealed record JCompletion(string Id, string Object, long Created, string Model, List<JChoice> Choices, JUsage Usage, JReferences? References, string? ServiceTier, string? SystemFingerprint);

internal sealed record JChoice(int Index, JMessage Message, string FinishReason, object? Logprobs);

internal sealed record JMessage(string? Role, string? Content, string? ReasoningContent, List<JToolCall>? ToolCalls, string? Refusal);

internal sealed record JToolCall(int? Index, string? Id, string? Type, JFunction Function);

internal sealed record JFunction(string? Name, string Arguments);

internal sealed record JUsage(int PromptTokens, int CompletionTokens, int TotalTokens, JPromptDetails PromptTokensDetails, JCompletionDetails CompletionTokensDetails, Dictionary<string, int> ToolUsageDetails);

internal sealed record JPromptDetails(int CachedTokens);

internal sealed record JCompletionDetails(int ReasoningTokens);

internal sealed record JChunk(string Id, string Object, long Created, string Model, List<JChunkChoice> Choices, JUsage? Usage, JReferences? References);

internal sealed record JChunkChoice(int Index, JMessage Delta, JMessage Message, string? FinishReason, object? Logprobs);

internal sealed record JReferences(string Object, List<JChunkRef> Chunks, string SearchQuery);

internal sealed record JChunkRef(string Text, string Title, int? Page, string FileName, string FilePath, string DocumentId, string ChunkId, Dictionary<string, string> Context, Dictionary<string, string> Metadata);

internal sealed record JModelList(string Object, List<JModelItem> Data);

internal sealed record JModelItem(string Id, string Object, string Type, string Name, string OwnedBy, IReadOnlyList<string> Capabilities, int ContextLength, int MaxOutputTokens, IReadOnlyList<string> Languages);

internal sealed record JHealth(bool IsOss);

internal sealed record JTableInfo(string Id, int NumRows);

internal sealed record JTablePage(List<JTableInfo> Items, int Total);

internal sealed record JRowsAdded(string Object, List<string> Rows);

internal sealed record JEmbedFile(bool Ok, string ProgressKey);

internal sealed record JOk(bool Ok);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(JError))]
[JsonSerializable(typeof(List<JFieldError>))]
[JsonSerializable(typeof(JValidation))]
[JsonSerializable(typeof(JCompletion))]
[JsonSerializable(typeof(JChunk))]
[JsonSerializable(typeof(JUsage))]
[JsonSerializable(typeof(JReferences))]
[JsonSerializable(typeof(JModelList))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(JHealth))]
[JsonSerializable(typeof(JTableInfo))]
[JsonSerializable(typeof(JTablePage))]
[JsonSerializable(typeof(JRowsAdded))]
[JsonSerializable(typeof(JEmbedFile))]
[JsonSerializable(typeof(JOk))]
[JsonSerializable(typeof(List<Dictionary<string, object?>>))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(Dictionary<string, int>))]
internal sealed partial class JamAIJson : JsonSerializerContext
{
    /// <summary>Writes non-ASCII text and quotes as the service does (raw UTF-8, <c>\"</c>), not as <c>\uXXXX</c>.</summary>
    public static JamAIJson Wire { get; } = new(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
