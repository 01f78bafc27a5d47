using Connectors.Cli.Hosting;
using Connectors.Cli.Images;
using Connectors.SemanticKernel;
using Microsoft.Extensions.AI;

namespace Connectors.Cli.Vision;

/// <summary><c>detect --examples examples.json</c>: labelled example images, their paths relative to the file.</summary>
internal static class ExampleFile
{
    private const long MaxBytes = 1024 * 1024;

    /// <summary>The example turns the file describes.</summary>
    /// <exception cref="CliException">The file is missing, too large, not the documented JSON, or names an image that cannot be read.</exception>
    public static async Task<List<ChatMessage>> TurnsAsync(string path, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new CliException($"--examples: '{path}' does not exist.");
        }

        if (file.Length > MaxBytes)
        {
            throw new CliException($"--examples: '{path}' is larger than 1 MB; it should list example images and their boxes, not hold images.");
        }

        IReadOnlyList<DetectionExample> examples;
        try
        {
            examples = DetectionExamples.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false), "--examples");
        }
        catch (ArgumentException e)
        {
            throw new CliException(e.Message.Replace(" (Parameter '--examples')", "", StringComparison.Ordinal));
        }

        var loaded = new List<(DetectionExample, AIContent, Perceptron.Grounding.ImageSize)>(examples.Count);
        foreach (var example in examples)
        {
            var reference = Uri.TryCreate(example.Image, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? example.Image
                : Path.GetFullPath(example.Image, file.DirectoryName!);
            var image = await ImageInput.LoadAsync(reference, cancellationToken).ConfigureAwait(false);
            loaded.Add((example, image.ToContent(), image.Size));
        }

        return DetectionExamples.Turns(loaded, classes);
    }
}
