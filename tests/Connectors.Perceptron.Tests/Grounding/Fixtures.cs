namespace Connectors.Perceptron.Tests.Grounding;

internal static class Fixtures
{
    public static readonly string[] Names =
    [
        "attributes.txt",
        "bare-numbers.txt",
        "clip-times.txt",
        "collection-inherit.txt",
        "collection-tracks-clip.txt",
        "docs-canonical.txt",
        "truncated-track.txt",
    ];

    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "grounding", name));
}
