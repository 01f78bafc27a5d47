using System.Text.Json.Nodes;
using Connectors.Cli.Images;
using Connectors.Cli.Output;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Connectors.Cli.Vision;

/// <summary>What a vision answer says: its text without tags, its reasoning, and the annotations on the image.</summary>
internal sealed class VisionResult
{
    private VisionResult(string text, string? reasoning, IReadOnlyList<GroundingAnnotation> leaves, ImageSize? size, string? model)
    {
        Text = text;
        Reasoning = reasoning;
        Leaves = leaves;
        Size = size;
        Model = model;
    }

    /// <summary>The answer with grounding tags replaced by their mentions.</summary>
    public string Text { get; }

    /// <summary>The reasoning the model showed, if any.</summary>
    public string? Reasoning { get; }

    /// <summary>The points, boxes and polygons of the request's image.</summary>
    public IReadOnlyList<GroundingAnnotation> Leaves { get; }

    /// <summary>The image size, when there was an image.</summary>
    public ImageSize? Size { get; }

    /// <summary>The model that answered.</summary>
    public string? Model { get; }

    /// <summary>Where the annotated image was written, if it was.</summary>
    public string? AnnotatedImagePath { get; private set; }

    /// <summary>Reads a response; <paramref name="image"/> is the request's only image, if any.</summary>
    public static VisionResult From(ChatResponse response, ImageInput? image)
    {
        var parsed = GroundingParser.Parse(response.Text);
        var reasoning = string.Concat(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(r => r.Text));
        var leaves = response.GetGrounding().SelectMany(g => g.Leaves).Where(l => l.AssetIndex is null or 0).ToList();
        return new VisionResult(
            parsed.Text.Trim(),
            reasoning.Length > 0 ? reasoning.Trim() : parsed.Reasoning,
            leaves,
            image?.Size,
            response.ModelId);
    }

    /// <summary>Draws the annotations on the image and writes the PNG.</summary>
    public void WriteAnnotatedImage(ImageInput image, string path)
    {
        var png = GroundingRenderer.RenderPng(image.Bytes, Leaves);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllBytes(path, png);
        AnnotatedImagePath = Path.GetFullPath(path);
    }

    /// <summary>The result as JSON.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["model"] = Model,
            ["text"] = Text,
            ["reasoning"] = Reasoning,
            ["count"] = Leaves.Count,
            ["annotations"] = AnnotationJson.Leaves(Leaves, Size),
        };
        if (Size is { } size)
        {
            json["image"] = new JsonObject { ["width"] = size.Width, ["height"] = size.Height };
        }

        if (AnnotatedImagePath is not null)
        {
            json["annotatedImage"] = AnnotatedImagePath;
        }

        return json;
    }

    /// <summary>Writes the result for people: reasoning, text, a table of annotations, the image path.</summary>
    public void Show(IAnsiConsole console)
    {
        if (Reasoning is not null)
        {
            console.MarkupLineInterpolated($"[grey]Reasoning: {Reasoning}[/]");
        }

        if (Text.Length > 0)
        {
            console.WriteLine(Text);
        }

        if (Leaves.Count > 0)
        {
            ShowTable(console, Leaves, Size);
        }

        if (AnnotatedImagePath is not null)
        {
            console.MarkupLineInterpolated($"Annotated image: [link]{AnnotatedImagePath}[/]");
        }
    }

    /// <summary>A table of annotations.</summary>
    public static void ShowTable(IAnsiConsole console, IReadOnlyList<GroundingAnnotation> leaves, ImageSize? size)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("#", "kind", "mention", "where");
        for (var i = 0; i < leaves.Count; i++)
        {
            table.AddRow(
                Markup.Escape((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                AnnotationJson.Kind(leaves[i]),
                Markup.Escape(leaves[i].Mention ?? ""),
                Markup.Escape(AnnotationJson.Describe(leaves[i], size)));
        }

        console.Write(table);
    }
}
