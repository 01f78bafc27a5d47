using System.Buffers.Binary;
using System.Text.Json;
using Connectors.Emulator.Hosting;
using Connectors.Emulator.Knowledge;

namespace Connectors.Emulator.JamAI;

/// <summary>
/// <c>POST /api/v1/embeddings</c> and <c>POST /api/v2/files/url/raw</c> as the current server answers them.
/// Vectors are a hashed bag of the text's terms (the same terms the Knowledge Table search counts), so texts
/// that share words are near and unrelated texts are not; like the server's, they are not normalized.
/// </summary>
internal static class JamAIEmbeddings
{
    /// <summary>The size of every vector.</summary>
    public const int Dimensions = 256;

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapPost("/api/v1/embeddings", (HttpContext context) => EmbedAsync(context, state));
        app.MapPost("/api/v2/files/url/raw", (HttpContext context) => FileUrlsAsync(context, state));
    }

    /// <summary>The vector of <paramref name="text"/>: each term adds one to a dimension chosen by its hash, with a sign from the hash.</summary>
    public static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var term in TextTokens.Terms(text))
        {
            var hash = TextTokens.Hash(term);
            vector[(int)(hash % Dimensions)] += (hash & 0x8000_0000) == 0 ? 1f : -1f;
        }

        return vector;
    }

    private static async Task EmbedAsync(HttpContext context, EmulatorState state)
    {
        if (await JamAIEndpoints.AuthorizeAsync(context, state).ConfigureAwait(false) is null)
        {
            return;
        }

        using var body = await HttpHelpers.ReadJsonAsync(context).ConfigureAwait(false);
        var root = body?.RootElement ?? default;
        var errors = new List<JFieldError>();
        var model = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        if (string.IsNullOrEmpty(model))
        {
            errors.Add(new JFieldError("missing", "Field required", ["body", "model"], null));
        }

        var texts = new List<string>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("input", out var input))
        {
            errors.Add(new JFieldError("missing", "Field required", ["body", "input"], null));
        }
        else if (input.ValueKind == JsonValueKind.String)
        {
            texts.Add(input.GetString()!);
        }
        else if (input.ValueKind == JsonValueKind.Array && input.EnumerateArray().All(static e => e.ValueKind == JsonValueKind.String))
        {
            texts.AddRange(input.EnumerateArray().Select(static e => e.GetString()!));
        }
        else
        {
            errors.Add(new JFieldError("string_type", "Input should be a valid string or a list of strings", ["body", "input"], null));
        }

        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i].Length == 0)
            {
                errors.Add(new JFieldError("string_too_short", "String should have at least 1 character", ["body", "input", i], ""));
            }
        }

        var format = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("encoding_format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : "float";
        if (format is not ("float" or "base64"))
        {
            errors.Add(new JFieldError("enum", "Input should be 'float' or 'base64'", ["body", "encoding_format"], format));
        }

        if (errors.Count > 0)
        {
            await JamAIResponder.ErrorAsync(context, JamAIFailure.Validation(errors)).ConfigureAwait(false);
            return;
        }

        var writer = new Utf8JsonWriter(context.Response.Body);
        await using var _ = writer.ConfigureAwait(false);
        context.Response.ContentType = "application/json";
        writer.WriteStartObject();
        writer.WriteString("object", "list");
        writer.WriteStartArray("data");
        var tokens = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var vector = Embed(texts[i]);
            tokens += Math.Max(1, TextTokens.Terms(texts[i]).Count);
            writer.WriteStartObject();
            writer.WriteString("object", "embedding");
            if (format == "base64")
            {
                var bytes = new byte[vector.Length * sizeof(float)];
                for (var k = 0; k < vector.Length; k++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(k * sizeof(float)), vector[k]);
                }

                writer.WriteBase64String("embedding", bytes);
            }
            else
            {
                writer.WriteStartArray("embedding");
                foreach (var value in vector)
                {
                    writer.WriteNumberValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteNumber("index", i);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("model", model);
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", tokens);
        writer.WriteNumber("total_tokens", tokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Downloadable addresses for stored files' <c>s3://</c> URIs, as the server's <c>file.urls</c> object.</summary>
    private static async Task FileUrlsAsync(HttpContext context, EmulatorState state)
    {
        if (await JamAIEndpoints.AuthorizeAsync(context, state).ConfigureAwait(false) is null)
        {
            return;
        }

        using var body = await HttpHelpers.ReadJsonAsync(context).ConfigureAwait(false);
        if (body?.RootElement is not { ValueKind: JsonValueKind.Object } root || !root.TryGetProperty("uris", out var uris) || uris.ValueKind != JsonValueKind.Array)
        {
            await JamAIResponder.ErrorAsync(context, JamAIFailure.Validation([new JFieldError("missing", "Field required", ["body", "uris"], null)])).ConfigureAwait(false);
            return;
        }

        var origin = $"{context.Request.Scheme}://{context.Request.Host}";
        var writer = new Utf8JsonWriter(context.Response.Body);
        await using var _ = writer.ConfigureAwait(false);
        context.Response.ContentType = "application/json";
        writer.WriteStartObject();
        writer.WriteString("object", "file.urls");
        writer.WriteStartArray("urls");
        foreach (var uri in uris.EnumerateArray())
        {
            var text = uri.ValueKind == JsonValueKind.String ? uri.GetString()! : "";
            writer.WriteStringValue(text.StartsWith("s3://", StringComparison.Ordinal) ? $"{origin}/files/{Uri.EscapeDataString(text["s3://".Length..])}" : text);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
