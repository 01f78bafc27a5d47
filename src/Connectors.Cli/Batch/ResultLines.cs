using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Cli.Batch;

/// <summary>One line of a batch results file.</summary>
internal sealed record ResultLine(string Path, string? Error, JsonObject Json);

/// <summary>Reads batch results files line by line (never whole), skipping lines that are not a result.</summary>
internal static class ResultLines
{
    /// <summary>The lines of <paramref name="file"/> that are JSON objects with a <c>path</c>.</summary>
    public static IEnumerable<ResultLine> Read(string file)
    {
        foreach (var text in File.ReadLines(file))
        {
            if (Parse(text) is { } line)
            {
                yield return line;
            }
        }
    }

    private static ResultLine? Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) is JsonObject json && json["path"] is JsonValue path && path.TryGetValue<string>(out var p)
                ? new ResultLine(p, json["error"]?.GetValue<string>(), json)
                : null;
        }
        catch (JsonException)
        {
            return null; // a line cut short by a killed process
        }
        catch (InvalidOperationException)
        {
            return null; // "error" of another type: not a line of ours
        }
    }
}
