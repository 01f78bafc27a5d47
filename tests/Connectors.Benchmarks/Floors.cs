using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;

namespace Connectors.Benchmarks;

/// <summary>
/// What the bytes cost: the same HTTP call, then the least work that still reads the answer
/// (no update objects, no mapping, no validation).
/// </summary>
internal static class Floors
{
    public static async Task<Stream> PostAsync(HttpClient http, HttpContent? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/v1/chat/completions")
        {
            Content = body ?? new ByteArrayContent(Payloads.FloorRequest),
        };
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
    }

    /// <summary>SSE text stream: delta.content into a string builder, total_tokens from the usage chunk.</summary>
    public static async Task<long> StreamedTextAsync(HttpClient http)
    {
        var stream = await PostAsync(http).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        var text = new StringBuilder();
        long tokens = 0;
        await foreach (var item in SseParser.Create(stream, ParseTextEvent).EnumerateAsync().ConfigureAwait(false))
        {
            var (content, total) = item.Data;
            text.Append(content);
            tokens += total;
        }

        return text.Length + tokens;
    }

    private static (string? Content, long TotalTokens) ParseTextEvent(string eventType, ReadOnlySpan<byte> data)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            return default;
        }

        var reader = new Utf8JsonReader(data);
        string? content = null;
        long total = 0;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    content = reader.GetString();
                }
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                reader.Read();
                total = reader.GetInt64();
            }
        }

        return (content, total);
    }

    /// <summary>Non-streamed reply: the first choice's content and the usage, from a parsed document.</summary>
    public static async Task<long> CompletionAsync(HttpClient http)
    {
        var stream = await PostAsync(http).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(stream).ConfigureAwait(false);
        var root = document.RootElement;
        var content = root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        var usage = root.GetProperty("usage");
        return content!.Length + usage.GetProperty("prompt_tokens").GetInt64() + usage.GetProperty("completion_tokens").GetInt64();
    }

    /// <summary>SSE tool calls: arguments joined per index, each parsed once at the end.</summary>
    public static async Task<long> StreamedToolCallsAsync(HttpClient http)
    {
        var stream = await PostAsync(http).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        var calls = new List<(string? Id, string? Name, StringBuilder Arguments)>();
        long total = 0;
        await foreach (var item in SseParser.Create(stream, (_, data) => ReadToolEvent(data, calls)).EnumerateAsync().ConfigureAwait(false))
        {
            total += item.Data ? 1 : 0;
        }

        foreach (var (_, _, arguments) in calls)
        {
            using var parsed = JsonDocument.Parse(arguments.ToString());
            foreach (var property in parsed.RootElement.EnumerateObject())
            {
                total += property.Value.ValueKind == JsonValueKind.Undefined ? 0 : 1;
            }
        }

        return total;
    }

    private static bool ReadToolEvent(ReadOnlySpan<byte> data, List<(string? Id, string? Name, StringBuilder Arguments)> calls)
    {
        if (data.SequenceEqual("[DONE]"u8))
        {
            return false;
        }

        var reader = new Utf8JsonReader(data);
        var index = -1;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.ValueTextEquals("tool_calls"u8))
            {
                index = 0;
            }
            else if (index >= 0 && reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                index = reader.GetInt32();
                while (calls.Count <= index)
                {
                    calls.Add((null, null, new StringBuilder()));
                }
            }
            else if (index >= 0 && reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                calls[index] = calls[index] with { Id = reader.GetString() };
            }
            else if (index >= 0 && reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                calls[index] = calls[index] with { Name = reader.GetString() };
            }
            else if (index >= 0 && reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                calls[index].Arguments.Append(reader.GetString());
            }
        }

        return true;
    }
}

/// <summary>The request floor: the JSON around one image, the image base64-encoded in slices straight into the body.</summary>
internal sealed class FloorImageContent(byte[] image) : HttpContent
{
    private const int SliceBytes = 48 * 1024;

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        await stream.WriteAsync("{\"model\":\"isaac-0.2-2b-preview\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is in this picture?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/jpeg;base64,"u8.ToArray()).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(SliceBytes / 3 * 4);
        try
        {
            for (var offset = 0; offset < image.Length; offset += SliceBytes)
            {
                var slice = image.AsMemory(offset, Math.Min(SliceBytes, image.Length - offset));
                System.Buffers.Text.Base64.EncodeToUtf8(slice.Span, buffer, out _, out var written);
                await stream.WriteAsync(buffer.AsMemory(0, written)).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await stream.WriteAsync("\"}}]}]}"u8.ToArray()).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
