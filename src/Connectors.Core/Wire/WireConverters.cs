using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Core.Wire;

/// <summary>Writes message content as a string when it is one text part, as an array otherwise.</summary>
internal sealed class WireMessageContentConverter : JsonConverter<WireMessageContent>
{
    public override WireMessageContent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new WireMessageContent(reader.GetString()!);
        }

        var parts = JsonSerializer.Deserialize(ref reader, CoreJsonContext.Default.ListWireContentPart);
        return parts is null ? null : new WireMessageContent(parts);
    }

    public override void Write(Utf8JsonWriter writer, WireMessageContent value, JsonSerializerOptions options)
    {
        if (value.Text is not null)
        {
            writer.WriteStringValue(value.Text);
            return;
        }

        writer.WriteStartArray();
        foreach (var part in value.Parts!)
        {
            JsonSerializer.Serialize(writer, part, CoreJsonContext.Default.WireContentPart);
        }

        writer.WriteEndArray();
    }
}

/// <summary>
/// Writes <c>{"url": ...}</c>. Image bytes become a data URL base64-encoded in slices straight into the
/// JSON output, so a large image is never held as a second string or byte copy.
/// </summary>
internal sealed class WireImageUrlConverter : JsonConverter<WireImageUrl>
{
    private const int SliceBytes = 48 * 1024; // a multiple of 3, so slices encode without padding

    // While a body's length is computed, images are not encoded: their base64 length is known from their size.
    [ThreadStatic]
    private static long? _skippedBase64;

    /// <summary>Makes this thread's writes leave image data out and count its base64 length instead.</summary>
    internal static void BeginCounting() => _skippedBase64 = 0;

    /// <summary>Ends counting on this thread; returns the base64 bytes left out since <see cref="BeginCounting"/>.</summary>
    internal static long EndCounting()
    {
        var skipped = _skippedBase64 ?? 0;
        _skippedBase64 = null;
        return skipped;
    }

    public override WireImageUrl? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? url = null, detail = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "url": url = reader.GetString(); break;
                case "detail": detail = reader.GetString(); break;
                default: reader.Skip(); break;
            }
        }

        return new WireImageUrl { Url = url, Detail = detail };
    }

    public override void Write(Utf8JsonWriter writer, WireImageUrl value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("url"u8);
        if (value.Url is not null)
        {
            writer.WriteStringValue(value.Url);
        }
        else
        {
            WriteDataUrl(writer, value.MediaType ?? "application/octet-stream", value.Data.Span);
        }

        if (value.Detail is not null)
        {
            writer.WriteString("detail"u8, value.Detail);
        }

        writer.WriteEndObject();
    }

    private static void WriteDataUrl(Utf8JsonWriter writer, string mediaType, ReadOnlySpan<byte> data)
    {
        // Every segment is UTF-8 (the writer refuses mixed encodings within one string).
        Span<byte> mediaTypeUtf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(Math.Min(mediaType.Length, 128))];
        var mediaTypeLength = Encoding.UTF8.GetBytes(mediaType.AsSpan(0, Math.Min(mediaType.Length, 128)), mediaTypeUtf8);
        writer.WriteStringValueSegment("data:"u8, isFinalSegment: false);
        writer.WriteStringValueSegment(mediaTypeUtf8[..mediaTypeLength], isFinalSegment: false);
        writer.WriteStringValueSegment(";base64,"u8, isFinalSegment: false);
        if (_skippedBase64 is { } skipped)
        {
            _skippedBase64 = skipped + ((data.Length + 2L) / 3 * 4); // base64 needs no JSON escaping
            writer.WriteStringValueSegment(ReadOnlySpan<byte>.Empty, isFinalSegment: true);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Base64.GetMaxEncodedToUtf8Length(SliceBytes));
        try
        {
            do
            {
                var slice = data[..Math.Min(SliceBytes, data.Length)];
                data = data[slice.Length..];
                Base64.EncodeToUtf8(slice, buffer, out _, out var written);
                writer.WriteStringValueSegment(buffer.AsSpan(0, written), isFinalSegment: data.IsEmpty);
            }
            while (!data.IsEmpty);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
