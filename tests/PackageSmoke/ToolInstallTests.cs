using System.Text.Json;
using Connectors.Emulator.Scenes;

namespace PackageSmoke.Tests;

/// <summary>The CLI as users install it: `dotnet tool install` from the packed folder, then the installed command run.</summary>
public sealed class ToolInstallTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_installed_tool_reports_its_version_and_counts_on_the_emulator()
    {
        using var tools = new Processes.TempFolder();
        File.WriteAllText(Path.Combine(tools.Path, "nuget.config"), ConsumerAppTests.NuGetConfig());
        var install = await Processes.RunAsync(
            "dotnet", $"tool install Connectors.Cli --version {Packed.Version} --tool-path bin --configfile nuget.config", tools.Path, Packed.Deadline, Ct);
        Assert.True(install.ExitCode == 0, install.ToString());
        var connectors = Path.Combine(tools.Path, "bin", "connectors");

        var version = await Processes.RunAsync(connectors, "--version", tools.Path, Packed.Deadline, Ct);
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Contains(Packed.Version.Split('-')[0], version.Output, StringComparison.Ordinal);

        var scene = SceneGenerator.Generate(new SceneOptions { Width = 320, Height = 240, Seed = 5, RandomObjects = 0, Required = { ("blue", SceneShape.Square), ("blue", SceneShape.Square), ("blue", SceneShape.Square) } });
        var image = Path.Combine(tools.Path, "scene.png");
        File.WriteAllBytes(image, scene.Png);
        var count = await Processes.RunAsync(connectors, $"count \"{image}\" \"blue squares\" --emulator --json", tools.Path, Packed.Deadline, Ct);
        Assert.True(count.ExitCode == 0, count.ToString());
        using var json = JsonDocument.Parse(count.Output[count.Output.IndexOf('{', StringComparison.Ordinal)..]);
        Assert.Equal(3, json.RootElement.GetProperty("count").GetInt32());
    }
}
