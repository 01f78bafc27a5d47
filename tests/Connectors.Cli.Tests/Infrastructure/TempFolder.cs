using Connectors.Emulator.Scenes;

namespace Connectors.Cli.Tests.Infrastructure;

/// <summary>A temporary folder deleted after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "connectors-cli-tests", Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a generated scene as a PNG file and returns its path.</summary>
    public string Scene(GeneratedScene scene, string name = "scene.png")
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, scene.Png);
        return path;
    }

    /// <summary>Writes <paramref name="count"/> small scenes into nested folders and returns their truth by full path.</summary>
    public Dictionary<string, GeneratedScene> Scenes(int count, string folder = "images")
    {
        var truth = new Dictionary<string, GeneratedScene>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var scene = SceneGenerator.Generate(new SceneOptions { Width = 160, Height = 120, Seed = 1000 + i, RandomObjects = 1 + (i % 3), MinSize = 18, MaxSize = 30 });
            var path = File(System.IO.Path.Combine(folder, $"part{i % 4}", $"scene-{i:D3}.png"));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            System.IO.File.WriteAllBytes(path, scene.Png);
            truth[System.IO.Path.GetFullPath(path)] = scene;
        }

        return truth;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine; the temp folder is cleaned eventually.
        }
    }
}
