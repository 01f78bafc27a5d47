using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Cli.Hosting;

namespace Connectors.Cli.Output;

/// <summary>Writes the <c>--json</c> results: one indented JSON document on standard output.</summary>
internal static class JsonOutput
{
    // Relaxed escaping keeps grounding tags (<point>) and non-ASCII text readable; the output is not embedded in HTML.
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(CommandContext context, JsonNode node) =>
        context.Console.Out.WriteLine(node.ToJsonString(Indented));
}
