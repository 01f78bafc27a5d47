using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace PackageSmoke.Tests;

/// <summary>What every package .ci/run packed must carry: metadata, README, XML docs, and a symbols package.</summary>
public sealed class PackageContentsTests
{
    private static readonly string Folder = Metadata("ConnectorsPackagesFolder");
    private static readonly string Version = Metadata("ConnectorsPackageVersion");

    public static TheoryData<string> Libraries() => ["Connectors.Core", "Connectors.Perceptron", "Connectors.Perceptron.Drawing", "Connectors.JamAI", "Connectors.SemanticKernel", "Connectors.Emulator"];

    [Theory]
    [MemberData(nameof(Libraries))]
    public void The_package_has_metadata_readme_docs_and_symbols(string id)
    {
        var path = Path.Combine(Folder, $"{id}.{Version}.nupkg");
        Assert.True(File.Exists(path), $"{path} was not packed");
        using var package = ZipFile.OpenRead(path);
        var metadata = Nuspec(package, id);
        string Field(string name) => metadata.Element(metadata.Name.Namespace + name)?.Value ?? "";

        Assert.Equal(Version, Field("version"));
        Assert.False(string.IsNullOrWhiteSpace(Field("description")), "description");
        Assert.False(string.IsNullOrWhiteSpace(Field("tags")), "tags");
        Assert.Equal("MIT", Field("license"));
        Assert.Equal("README.md", Field("readme"));
        var repository = metadata.Element(metadata.Name.Namespace + "repository");
        Assert.NotNull(repository);
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? "");
        Assert.NotNull(package.GetEntry("README.md"));
        Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.dll"));
        Assert.NotNull(package.GetEntry($"lib/net10.0/{id}.xml"));

        var symbols = Path.Combine(Folder, $"{id}.{Version}.snupkg");
        Assert.True(File.Exists(symbols), $"{symbols} was not packed");
        using var symbolPackage = ZipFile.OpenRead(symbols);
        Assert.NotNull(symbolPackage.GetEntry($"lib/net10.0/{id}.pdb"));
    }

    [Fact]
    public void Client_packages_depend_on_core_at_the_same_version()
    {
        foreach (var id in new[] { "Connectors.Perceptron", "Connectors.JamAI" })
        {
            using var package = ZipFile.OpenRead(Path.Combine(Folder, $"{id}.{Version}.nupkg"));
            var metadata = Nuspec(package, id);
            var core = metadata.Descendants(metadata.Name.Namespace + "dependency").Single(d => d.Attribute("id")?.Value == "Connectors.Core");
            Assert.Equal(Version, core.Attribute("version")?.Value);
        }
    }

    [Fact]
    public void Client_packages_depend_on_nothing_native_and_drawing_brings_its_linux_assets()
    {
        foreach (var id in new[] { "Connectors.Core", "Connectors.Perceptron", "Connectors.JamAI" })
        {
            using var package = ZipFile.OpenRead(Path.Combine(Folder, $"{id}.{Version}.nupkg"));
            var dependencies = Nuspec(package, id).Descendants().Where(e => e.Name.LocalName == "dependency").Select(d => d.Attribute("id")!.Value);
            Assert.DoesNotContain(dependencies, d => d.StartsWith("SkiaSharp", StringComparison.Ordinal));
        }

        using var drawing = ZipFile.OpenRead(Path.Combine(Folder, $"Connectors.Perceptron.Drawing.{Version}.nupkg"));
        var drawingDependencies = Nuspec(drawing, "Connectors.Perceptron.Drawing").Descendants().Where(e => e.Name.LocalName == "dependency").Select(d => d.Attribute("id")!.Value).ToList();
        Assert.Contains("SkiaSharp", drawingDependencies);
        Assert.Contains("SkiaSharp.NativeAssets.Linux", drawingDependencies);
        Assert.Contains("Connectors.Perceptron", drawingDependencies);
    }

    private static XElement Nuspec(ZipArchive package, string id)
    {
        using var stream = package.GetEntry($"{id}.nuspec")!.Open();
        var root = XDocument.Load(stream).Root!;
        return root.Element(root.Name.Namespace + "metadata")!;
    }

    private static string Metadata(string key) =>
        typeof(PackageContentsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
