using System.Text.Json.Serialization;

namespace Connectors.Perceptron.Files;

/// <summary>A File object: <c>{"object":"file","id","bytes","created_at","filename","purpose"}</c> (no media type).</summary>
internal sealed class WireFile
{
    [JsonPropertyName("object")]
    public string? Object { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("bytes")]
    public long? Bytes { get; set; }

    [JsonPropertyName("created_at")]
    public long? CreatedAt { get; set; }

    [JsonPropertyName("filename")]
    public string? FileName { get; set; }

    [JsonPropertyName("purpose")]
    public string? Purpose { get; set; }
}

/// <summary>A page of files: <c>{"object":"list","data":[…],"first_id","last_id","has_more"}</c>.</summary>
internal sealed class WireFileList
{
    [JsonPropertyName("object")]
    public string? Object { get; set; }

    [JsonPropertyName("data")]
    public List<WireFile>? Data { get; set; }

    [JsonPropertyName("first_id")]
    public string? FirstId { get; set; }

    [JsonPropertyName("last_id")]
    public string? LastId { get; set; }

    [JsonPropertyName("has_more")]
    public bool HasMore { get; set; }
}

/// <summary>The answer to a delete: <c>{"object":"file","id","deleted":true}</c>.</summary>
internal sealed class WireFileDeleted
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("deleted")]
    public bool Deleted { get; set; }
}

/// <summary>Source-generated JSON metadata for the Files API wire types.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WireFile))]
[JsonSerializable(typeof(WireFileList))]
[JsonSerializable(typeof(WireFileDeleted))]
internal sealed partial class FilesJsonContext : JsonSerializerContext;
