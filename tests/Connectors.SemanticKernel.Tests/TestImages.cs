using Connectors.Emulator.Scenes;

namespace Connectors.SemanticKernel.Tests;

internal static class TestImages
{
    /// <summary>A real 640x480 PNG.</summary>
    public static byte[] Png { get; } = SceneGenerator.Generate(640, 480, 3, seed: 1).Png;

    public static string DataUrl => "data:image/png;base64," + Convert.ToBase64String(Png);

    public static GeneratedScene RedCircles(int circles, int seed)
    {
        var options = new SceneOptions { Width = 640, Height = 480, Seed = seed, RandomObjects = 3 };
        for (var i = 0; i < circles; i++)
        {
            options.Required.Add(("red", SceneShape.Circle));
        }

        options.Colors.Remove("red"); // the random extras are never red circles
        return SceneGenerator.Generate(options);
    }
}
