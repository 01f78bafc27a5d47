using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Core.Wire;

/// <summary>
/// An error body. OpenAI-style services nest an object under <c>error</c>; JamAI puts the code string
/// there and the message, detail and request id beside it. Both shapes read into this one type.
/// </summary>
internal sealed class WireError
{
    [JsonPropertyName("error")]
    public JsonElement? Error { get; set; }

    [JsonPropertyName("message")]
    public JsonElement? Message { get; set; }

    [JsonPropertyName("detail")]
    public JsonElement? Detail { get; set; }

    [JsonPropertyName("request_id")]
    public string? RequestId { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("code")]
    public JsonElement? Code { get; set; }

    [JsonPropertyName("param")]
    public string? Param { get; set; }
}
