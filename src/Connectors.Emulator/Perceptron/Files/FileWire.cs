using System.Text.Json.Serialization;

namespace Connectors.Emulator.Perceptron.Files;

/// <summary>A File object as the API sends it (no media type: the API keeps none in it).</summary>
internal sealed record PFile(string Object, string Id, long Bytes, long CreatedAt, string Filename, string Purpose);

/// <summary>A page of files; <c>first_id</c>/<c>last_id</c> are empty on an empty page.</summary>
internal sealed record PFileList(string Object, IReadOnlyList<PFile> Data, string FirstId, string LastId, bool HasMore);

/// <summary>The answer to a delete.</summary>
internal sealed record PFileDeleted(string Object, string Id, bool Deleted);

/// <summary>What the emulator keeps beside each stored file.</summary>
internal sealed record StoredFileRecord(string Id, long Bytes, long CreatedAt, string Filename, string Purpose, string MediaType, long Sequence);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PFile))]
[JsonSerializable(typeof(PFileList))]
[JsonSerializable(typeof(PFileDeleted))]
[JsonSerializable(typeof(StoredFileRecord))]
internal sealed partial class FilesJson : JsonSerializerContext;
