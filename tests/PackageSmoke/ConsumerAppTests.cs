
namespace PackageSmoke.Tests;

/// <summary>
/// New apps made the way a user makes them, on the packed packages only: what a Perceptron-only app weighs, and a
/// Linux publish of an app that draws.
/// </summary>
public sealed class ConsumerAppTests
{
    private const long MaxPerceptronBuildBytes = 15L * 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_Perceptron_only_app_builds_small_with_nothing_native()
    {
        using var app = new Processes.TempFolder();
        WriteApp(app.Path, "Connectors.Perceptron", """
            using Connectors.Perceptron;
            using Microsoft.Extensions.AI;

            using IChatClient client = new PerceptronChatClient(new PerceptronClientOptions { ApiKey = "not-used" });
            Console.WriteLine(client.GetService<ChatClientMetadata>()?.DefaultModelId);
            """);

        var build = await Processes.RunAsync("dotnet", "build -c Debug", app.Path, Packed.Deadline, Ct);
        Assert.True(build.ExitCode == 0, build.ToString());

        var output = Path.Combine(app.Path, "bin", "Debug", "net10.0");
        var files = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Select(f => new FileInfo(f)).ToList();
        var bytes = files.Sum(f => f.Length);
        Assert.True(bytes < MaxPerceptronBuildBytes, $"the build output holds {bytes / 1024 / 1024.0:F1} MB (limit 15 MB): {string.Join(", ", files.OrderByDescending(f => f.Length).Take(5).Select(f => $"{f.Name} {f.Length / 1024} KB"))}");
        Assert.DoesNotContain(files, f => f.Name.Contains("Skia", StringComparison.OrdinalIgnoreCase));

        var run = await Processes.RunAsync("dotnet", "run --no-build", app.Path, Packed.Deadline, Ct);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("perceptron-mk1.5", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_drawing_app_published_for_linux_x64_renders_a_png()
    {
        using var app = new Processes.TempFolder();
        WriteApp(app.Path, "Connectors.Perceptron.Drawing", """
            using Connectors.Perceptron.Grounding;
            using SkiaSharp;

            // A plain grey image, then a box the model might have answered, drawn onto it.
            using var bitmap = new SKBitmap(200, 100);
            bitmap.Erase(SKColors.Gray);
            using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            var grounding = GroundingParser.Parse("<point_box mention=\"cat\"> (100,100) (600,800) </point_box>");
            var png = GroundingRenderer.RenderPng(encoded.ToArray(), grounding.Annotations);
            File.WriteAllBytes(args[0], png);
            using var drawn = SKBitmap.Decode(png);
            Console.WriteLine($"{drawn.Width}x{drawn.Height} {drawn.GetPixel(20, 10) != SKColors.Gray}");
            """);

        var publish = await Processes.RunAsync("dotnet", "publish -c Release -r linux-x64 --self-contained false -o out", app.Path, Packed.Deadline, Ct);
        Assert.True(publish.ExitCode == 0, publish.ToString());
        Assert.True(File.Exists(Path.Combine(app.Path, "out", "libSkiaSharp.so")), "the Linux native library was not published");

        var png = Path.Combine(app.Path, "drawn.png");
        var run = await Processes.RunAsync(Path.Combine(app.Path, "out", "app"), $"\"{png}\"", app.Path, Packed.Deadline, Ct);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("200x100 True", run.Output, StringComparison.Ordinal); // the box's edge coloured a grey pixel
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
    }

    [Fact]
    public async Task The_emulator_in_an_app_without_dynamic_code_refuses_at_start_with_a_sentence()
    {
        using var app = new Processes.TempFolder();
        WriteApp(app.Path, "Connectors.Emulator", """
            try
            {
                await using var server = await Connectors.Emulator.EmulatorServer.StartAsync();
                Console.WriteLine("started");
            }
            catch (PlatformNotSupportedException e)
            {
                Console.WriteLine(e.Message);
            }
            """);
        // What a native AOT app reports: no dynamic code (the switch the runtime's own feature flag reads).
        File.WriteAllText(Path.Combine(app.Path, "Directory.Build.props"), """
            <Project>
              <ItemGroup>
                <RuntimeHostConfigurationOption Include="System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported" Value="false" Trim="true" />
              </ItemGroup>
            </Project>
            """);

        var run = await Processes.RunAsync("dotnet", "run", app.Path, Packed.Deadline, Ct);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("started", run.Output, StringComparison.Ordinal);
        Assert.Contains("cannot run inside a native AOT app", run.Output, StringComparison.Ordinal);
        Assert.Contains("connectors emulator", run.Output, StringComparison.Ordinal);
    }

    /// <summary>A console app outside this repository: its own nuget.config (the packed folder, then the feed) and one reference.</summary>
    private static void WriteApp(string folder, string package, string program)
    {
        File.WriteAllText(Path.Combine(folder, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <AssemblyName>app</AssemblyName>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{package}" Version="{Packed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), NuGetConfig());
    }

    internal static string NuGetConfig() => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="connectors-local" value="{Packed.Folder}" />
            <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
          </packageSources>
          <packageSourceMapping>
            <packageSource key="connectors-local"><package pattern="Connectors.*" /></packageSource>
            <packageSource key="nuget.org"><package pattern="*" /></packageSource>
          </packageSourceMapping>
        </configuration>
        """;
}
