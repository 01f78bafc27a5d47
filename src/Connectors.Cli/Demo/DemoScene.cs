using Connectors.Emulator.Scenes;

namespace Connectors.Cli.Demo;

/// <summary>The demo's picture: a few red circles to count among other shapes, with its ground truth.</summary>
internal static class DemoScene
{
    public const string CountedColor = "red";

    public const SceneShape CountedShape = SceneShape.Circle;

    public const string CountedObjects = "red circles";

    public static GeneratedScene Generate(int seed)
    {
        var options = new SceneOptions { Width = 640, Height = 480, Seed = seed, RandomObjects = 4 };
        var circles = 2 + (Math.Abs(seed) % 3); // two to four, so the count is not a constant
        for (var i = 0; i < circles; i++)
        {
            options.Required.Add((CountedColor, CountedShape));
        }

        // The other shapes are never red, so the truth is exactly the required circles.
        options.Colors.Remove(CountedColor);
        return SceneGenerator.Generate(options);
    }
}
