using System.Text.Json;

namespace Connectors.Cli.Batch;

/// <summary>
/// Writes COCO detection JSON (the format pycocotools and labelling tools load): <c>images</c> with their sizes and
/// file names relative to the COCO file, <c>categories</c> from the mentions (ids from 1), and <c>annotations</c> with
/// <c>bbox</c> as pixel [x, y, width, height], <c>area</c>, <c>iscrowd</c> 0, and <c>segmentation</c> for polygons
/// (Perceptron gives no confidence, so there is no <c>score</c>). Written as a stream, never built whole in memory.
/// </summary>
internal static class CocoWriter
{
    public static void Write(DatasetResults results, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var folder = Path.GetDirectoryName(full)!;
        using var stream = File.Create(full);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteStartObject("info");
        json.WriteString("description", "Written by connectors batch / export coco");
        json.WriteString("date_created", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteEndObject();

        var categoryIds = new Dictionary<string, int>(StringComparer.Ordinal);
        json.WriteStartArray("categories");
        foreach (var name in results.Categories)
        {
            categoryIds[name] = categoryIds.Count + 1;
            json.WriteStartObject();
            json.WriteNumber("id", categoryIds[name]);
            json.WriteString("name", name);
            json.WriteString("supercategory", "object");
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("images");
        for (var i = 0; i < results.Images.Count; i++)
        {
            var image = results.Images[i];
            json.WriteStartObject();
            json.WriteNumber("id", i + 1);
            json.WriteString("file_name", Path.GetRelativePath(folder, image.Path).Replace('\\', '/'));
            json.WriteNumber("width", image.Width);
            json.WriteNumber("height", image.Height);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("annotations");
        var annotationId = 0;
        for (var i = 0; i < results.Images.Count; i++)
        {
            foreach (var o in results.Images[i].Objects)
            {
                json.WriteStartObject();
                json.WriteNumber("id", ++annotationId);
                json.WriteNumber("image_id", i + 1);
                json.WriteNumber("category_id", categoryIds[o.Category]);
                json.WriteStartArray("bbox");
                json.WriteNumberValue(o.X);
                json.WriteNumberValue(o.Y);
                json.WriteNumberValue(o.Width);
                json.WriteNumberValue(o.Height);
                json.WriteEndArray();
                json.WriteNumber("area", o.Area);
                json.WriteNumber("iscrowd", 0);
                json.WriteStartArray("segmentation");
                if (o.Polygon is { } polygon)
                {
                    json.WriteStartArray();
                    foreach (var v in polygon)
                    {
                        json.WriteNumberValue(v);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
