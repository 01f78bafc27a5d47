using System.Text.Json;
using Connectors.Core;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Multilook;

/// <summary>
/// Reads a <c>chat.completion.multilook</c> reply: each prompt's completions are read as a chat answer to
/// <c>context + that prompt</c> (so grounding counts the context's media first, then the prompt's), each failed prompt
/// becomes its typed error, and a prompt the reply leaves out is an error rather than a silent gap.
/// </summary>
internal static class MultilookReply
{
    public static MultilookResponse Read(
        JsonElement root, IReadOnlyList<ChatMessage> context, IReadOnlyList<ChatMessage> prompts,
        Func<ReadOnlyMemory<byte>, IEnumerable<ChatMessage>, ChatResponse> interpret, Func<string, JsonElement, ChatServiceException> error)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array || results.GetArrayLength() == 0)
        {
            throw new ChatServerException("Perceptron returned a multilook reply without results.", null) { ProviderName = "perceptron" };
        }

        var id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var byPrompt = new MultilookResult?[prompts.Count];
        foreach (var result in results.EnumerateArray())
        {
            if (!result.TryGetProperty("prompt_index", out var indexElement) || !indexElement.TryGetInt32(out var index) || index < 0 || index >= prompts.Count || byPrompt[index] is not null)
            {
                throw new ChatServerException($"Perceptron returned a multilook result for a prompt it was not sent ({(result.TryGetProperty("prompt_index", out var raw) ? raw.GetRawText() : "none")}; {prompts.Count} were sent).", null) { ProviderName = "perceptron" };
            }

            byPrompt[index] = result.TryGetProperty("error", out var failure) && failure.ValueKind == JsonValueKind.Object
                ? new MultilookResult(index, null, error(MultilookRequest.Name(index), failure))
                : new MultilookResult(index, interpret(Completion(id, model, result), [.. context, prompts[index]]), null);
        }

        var all = new MultilookResult[prompts.Count];
        for (var p = 0; p < all.Length; p++)
        {
            all[p] = byPrompt[p] ?? new MultilookResult(p, null, new ChatServerException($"Perceptron's multilook reply has no result for {MultilookRequest.Name(p)}.", null) { ProviderName = "perceptron" });
        }

        return new MultilookResponse(all, Usage(root), id, model);
    }

    /// <summary>A prompt's completions as the <c>chat.completion</c> they would be in chat: completions are chat choices.</summary>
    private static ReadOnlyMemory<byte> Completion(string? id, string? model, JsonElement result)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id ?? "mlcmpl");
            writer.WriteString("object", "chat.completion");
            writer.WriteNumber("created", 0);
            if (model is not null)
            {
                writer.WriteString("model", model);
            }

            writer.WritePropertyName("choices");
            if (result.TryGetProperty("completions", out var completions) && completions.ValueKind == JsonValueKind.Array)
            {
                completions.WriteTo(writer);
            }
            else
            {
                writer.WriteStartArray();
                writer.WriteEndArray();
            }

            if (result.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                writer.WritePropertyName("usage");
                usage.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static UsageDetails? Usage(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        long? Number(JsonElement element, string name) => element.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : null;
        return new UsageDetails
        {
            InputTokenCount = Number(usage, "prompt_tokens"),
            OutputTokenCount = Number(usage, "completion_tokens"),
            TotalTokenCount = Number(usage, "total_tokens"),
            CachedInputTokenCount = usage.TryGetProperty("prompt_tokens_details", out var details) && details.ValueKind == JsonValueKind.Object ? Number(details, "cached_tokens") : null,
        };
    }
}
