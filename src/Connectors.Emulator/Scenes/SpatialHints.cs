using System.Text.RegularExpressions;

namespace Connectors.Emulator.Scenes;

/// <summary>Which grounded formats and whether reasoning a request asked for.</summary>
internal sealed partial record SpatialHints(bool Box, bool Point, bool Polygon, bool Think)
{
    public static SpatialHints None { get; } = new(false, false, false, false);

    /// <summary>Moments of a video were asked for (<c>CLIP</c>).</summary>
    public bool Clip { get; init; }

    public bool AnySpatial => Box || Point || Polygon;

    /// <summary>Reads <c>&lt;hint&gt;WORDS&lt;/hint&gt;</c> tags; only system text should be passed in.</summary>
    public static SpatialHints FromSystemText(string systemText)
    {
        bool box = false, point = false, polygon = false, think = false, clip = false;
        foreach (Match m in HintTag().Matches(systemText))
        {
            foreach (var word in m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                switch (word.ToUpperInvariant())
                {
                    case "BOX": box = true; break;
                    case "POINT": point = true; break;
                    case "POLYGON": polygon = true; break;
                    case "THINK": think = true; break;
                    case "CLIP": clip = true; break;
                    default: break;
                }
            }
        }

        return new SpatialHints(box, point, polygon, think) { Clip = clip };
    }

    public SpatialHints With(string? annotationFormat, bool think) => annotationFormat?.ToUpperInvariant() switch
    {
        "BOX" => this with { Box = true, Think = Think || think },
        "POINT" => this with { Point = true, Think = Think || think },
        "POLYGON" => this with { Polygon = true, Think = Think || think },
        "CLIP" => this with { Clip = true, Think = Think || think },
        _ => this with { Think = Think || think },
    };

    [GeneratedRegex(@"<hint>(.*?)</hint>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HintTag();
}
