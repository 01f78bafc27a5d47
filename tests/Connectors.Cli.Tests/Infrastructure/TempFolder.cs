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
