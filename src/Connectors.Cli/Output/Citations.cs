using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Connectors.Cli.Output;

/// <summary>Citations of a retrieval-augmented answer, for people and as JSON.</summary>
internal static class Citations
{
    public static JsonArray ToJson(IReadOnlyList<CitationAnnotation> citations) =>
        [.. citations.Select(c => (JsonNode)new JsonObject
        {
            ["title"] = c.Title,
            ["snippet"] = c.Snippet,
            ["url"] = c.Url?.ToString(),
            ["file"] = c.FileId,
            ["page"] = c.AdditionalProperties?.TryGetValue("page", out var page) == true && page is int p ? p : null,
            ["chunkIndex"] = c.AdditionalProperties?.TryGetValue("chunk_index", out var index) == true && index is int i ? i : null,
        })];

    public static void Show(IAnsiConsole console, IReadOnlyList<CitationAnnotation> citations)
    {
        if (citations.Count == 0)
        {
            return;
        }

        console.MarkupLine("[bold]Sources[/]");
        foreach (var citation in citations)
        {
            // Numbered as the answer's [@n] markers number them.
            var marker = citation.AdditionalProperties?.TryGetValue("chunk_index", out var index) == true ? $"@{index}" : "@?";
            var snippet = citation.Snippet is { Length: > 120 } s ? s[..117] + "..." : citation.Snippet;
            console.MarkupLineInterpolated($"  [[{marker}]] [bold]{citation.Title ?? citation.FileId ?? "(untitled)"}[/]: {snippet ?? ""}");
        }
    }
}
