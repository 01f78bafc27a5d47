using System.Text.Json;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Responses;

/// <summary>Maps wire usage to <see cref="UsageDetails"/>; vendor counters become additional counts.</summary>
internal static class UsageMapper
{
    public static UsageDetails? ToUsage(WireUsage? usage)
    {
        if (usage is null)
        {
            return null;
        }

        var details = new UsageDetails
        {
            InputTokenCount = usage.PromptTokens,
            OutputTokenCount = usage.CompletionTokens,
            TotalTokenCount = usage.TotalTokens ?? (usage.PromptTokens + usage.CompletionTokens),
            CachedInputTokenCount = usage.PromptTokensDetails?.CachedTokens,
            ReasoningTokenCount = usage.CompletionTokensDetails?.ReasoningTokens,
        };

        if (usage.PromptTokensDetails?.AudioTokens is { } audio)
        {
            // Perceptron counts a video's soundtrack and audio parts here.
            (details.AdditionalCounts ??= [])["prompt_tokens_details.audio_tokens"] = audio;
        }

        AddCounts(details, usage.ExtraFields, prefix: null);
        AddCounts(details, usage.PromptTokensDetails?.ExtraFields, "prompt_tokens_details.");
        AddCounts(details, usage.CompletionTokensDetails?.ExtraFields, "completion_tokens_details.");
        return details;
    }

    private static void AddCounts(UsageDetails details, Dictionary<string, JsonElement>? fields, string? prefix)
    {
        if (fields is null)
        {
            return;
        }

        foreach (var (name, value) in fields)
        {
            Add(details, prefix + name, value, depth: 0);
        }
    }

    private static void Add(UsageDetails details, string name, JsonElement value, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out var count):
                (details.AdditionalCounts ??= [])[name] = count;
                break;
            case JsonValueKind.Object when depth < 2:
                foreach (var property in value.EnumerateObject())
                {
                    Add(details, $"{name}.{property.Name}", property.Value, depth + 1);
                }

                break;
        }
    }
}
