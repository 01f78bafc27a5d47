using System.Globalization;
using System.Text;

namespace Connectors.Cli.Batch;

/// <summary>
/// Writes YOLO labels: one <c>name.txt</c> per image with a line <c>class cx cy w h</c> per object (centre and size
/// relative to the image, class from 0), and <c>classes.txt</c> naming the classes in that order. Images whose file
/// names repeat in other folders get the folder's hash appended, so no labels are overwritten.
/// </summary>
internal static class YoloWriter
{
    public static void Write(DatasetResults results, string folder)
    {
        Directory.CreateDirectory(folder);
        var classes = results.Categories.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        File.WriteAllLines(Path.Combine(folder, "classes.txt"), results.Categories);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "classes" };
        foreach (var image in results.Images)
        {
            var name = Path.GetFileNameWithoutExtension(image.Path);
            if (!used.Add(name))
            {
                name = $"{name}-{ShardSelector.Hash(image.Path):x16}";
                used.Add(name);
            }

            var text = new StringBuilder();
            if (image.Width > 0 && image.Height > 0)
            {
                foreach (var o in image.Objects)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{classes[o.Category]} {(o.X + (o.Width / 2)) / image.Width:F6} {(o.Y + (o.Height / 2)) / image.Height:F6} {o.Width / image.Width:F6} {o.Height / image.Height:F6}\n");
                }
            }

            File.WriteAllText(Path.Combine(folder, name + ".txt"), text.ToString());
        }
    }
}
