namespace Connectors.Perceptron.Grounding;

/// <summary>A bounding box (<c>&lt;point_box&gt;</c>).</summary>
/// <param name="box">The box on the 0–1000 grid.</param>
public sealed class BoxAnnotation(GridBox box) : GroundingAnnotation
{
    /// <summary>Gets the box on the 0–1000 grid.</summary>
    public GridBox Box { get; } = box;

    internal override BoxAnnotation With(string? mention, int? assetIndex, TimeSpan? time) =>
        new(Box) { Mention = mention, AssetIndex = assetIndex, Time = time };
}
