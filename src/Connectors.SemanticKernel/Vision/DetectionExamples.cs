using System.Globalization;
using System.Text.Json;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;

namespace Connectors.SemanticKernel;

/// <summary>One labelled box of a few-shot example, in the example image's pixels.</summary>
internal sealed record ExampleBox(string Label, double X1, double Y1, double X2, double Y2);

/// <summary>A few-shot example as written: an image reference, its labelled boxes and an optional prompt.</summary>
internal sealed record DetectionExample(string Image, IReadOnlyList<ExampleBox> Boxes, string? Prompt);

/// <summary>
/// Few-shot detection laid out as the vendor SDK's <c>detect(..., examples=...)</c>: per example a user turn with its
/// image (and prompt), then an assistant turn with its boxes as the model's own tags, before the target. The SDK takes
/// example boxes on the 0–1000 grid as given (and COCO pixel boxes unnormalised, a bug); these are pixels, put on the
/// grid by the example image's size.
/// </summary>
internal static class DetectionExamples
{
    /// <summary>What an examples argument looks like, for messages.</summary>
    public const string Shape = """[{"image":"<reference>","boxes":[{"label":"widget","x1":10,"y1":20,"x2":60,"y2":80}],"prompt":"optional"}] (pixels)""";

    /// <summary>Reads examples JSON.</summary>
    /// <exception cref="ArgumentException">It is not the <see cref="Shape"/>.</exception>
    public static IReadOnlyList<DetectionExample> Parse(string json, string parameter)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() == 0)
            {
                throw Invalid(parameter, "it is not a non-empty array");
            }

            var examples = new List<DetectionExample>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                var image = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("image", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : throw Invalid(parameter, $"example {examples.Count + 1} has no 'image' string");
                var prompt = item.TryGetProperty("prompt", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                if (!item.TryGetProperty("boxes", out var boxes) || boxes.ValueKind != JsonValueKind.Array || boxes.GetArrayLength() == 0)
                {
                    throw Invalid(parameter, $"example {examples.Count + 1} has no 'boxes'");
                }

                examples.Add(new DetectionExample(image, [.. boxes.EnumerateArray().Select(b => Box(b, parameter, examples.Count + 1))], prompt));
            }

            return examples;
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{parameter} must be JSON like {Shape}: {e.Message}", parameter, e);
        }
    }

    /// <summary>The turns of the examples, each with its resolved image and that image's size.</summary>
    /// <param name="examples">The examples with their images.</param>
    /// <param name="classes">The categories asked for; they order the tags (then first appearance).</param>
    public static List<ChatMessage> Turns(IEnumerable<(DetectionExample Example, AIContent Image, ImageSize Size)> examples, IReadOnlyList<string> classes)
    {
        var turns = new List<ChatMessage>();
        foreach (var (example, image, size) in examples)
        {
            turns.Add(new ChatMessage(ChatRole.User, example.Prompt is { Length: > 0 } prompt ? [image, new TextContent(prompt)] : [image]));
            turns.Add(new ChatMessage(ChatRole.Assistant, Tags(example.Boxes, size, classes)));
        }

        return turns;
    }

    /// <summary>The boxes as <c>&lt;point_box&gt;</c> tags on the grid, space-joined, by class order then top to bottom, left to right.</summary>
    internal static string Tags(IReadOnlyList<ExampleBox> boxes, ImageSize size, IReadOnlyList<string> classes)
    {
        int Rank(string label)
        {
            var index = classes.Select((c, i) => (c, i)).FirstOrDefault(x => string.Equals(x.c, label, StringComparison.OrdinalIgnoreCase), (c: "", i: -1)).i;
            return index >= 0 ? index : classes.Count + boxes.Select(b => b.Label).Distinct(StringComparer.OrdinalIgnoreCase).ToList().FindIndex(l => string.Equals(l, label, StringComparison.OrdinalIgnoreCase));
        }

        var annotations = boxes
            .Select(b => new BoxAnnotation(new GridBox(Grid(b.X1, b.Y1, size), Grid(b.X2, b.Y2, size))) { Mention = b.Label })
            .OrderBy(a => Rank(a.Mention!)).ThenBy(a => a.Box.TopLeft.Y).ThenBy(a => a.Box.TopLeft.X);
        return string.Join(' ', annotations.Select(GroundingWriter.Write));
    }

    private static GridPoint Grid(double x, double y, ImageSize size) =>
        new((int)Math.Clamp(Math.Round(x / size.Width * 1000), 0, 1000), (int)Math.Clamp(Math.Round(y / size.Height * 1000), 0, 1000));

    private static ExampleBox Box(JsonElement box, string parameter, int example)
    {
        double Number(string name) => box.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && d >= 0
            ? d
            : throw Invalid(parameter, $"a box of example {example} has no non-negative number '{name}'");
        var label = box.ValueKind == JsonValueKind.Object && box.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String && l.GetString()!.Trim() is { Length: > 0 } text
            ? text
            : throw Invalid(parameter, $"a box of example {example} has no 'label'");
        var result = new ExampleBox(label, Number("x1"), Number("y1"), Number("x2"), Number("y2"));
        return result.X2 > result.X1 && result.Y2 > result.Y1
            ? result
            : throw Invalid(parameter, string.Create(CultureInfo.InvariantCulture, $"the '{label}' box of example {example} has x2 <= x1 or y2 <= y1"));
    }

    private static ArgumentException Invalid(string parameter, string why) =>
        new($"{parameter} must be JSON like {Shape}; {why}.", parameter);
}
