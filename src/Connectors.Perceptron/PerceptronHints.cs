namespace Connectors.Perceptron;

/// <summary>
/// Hints steer Isaac models: spatial output (boxes, points, polygons), video moments (clips), visible reasoning, or the internal
/// zoom tool. They combine, and travel as one <c>&lt;hint&gt;</c> tag in a system message.
/// </summary>
[Flags]
public enum PerceptronHints
{
    /// <summary>No hint.</summary>
    None = 0,

    /// <summary>Answer with bounding boxes (<c>&lt;point_box&gt;</c>).</summary>
    Box = 1,

    /// <summary>Answer with points (<c>&lt;point&gt;</c>).</summary>
    Point = 2,

    /// <summary>Answer with polygons (<c>&lt;polygon&gt;</c>).</summary>
    Polygon = 4,

    /// <summary>Reason before answering (use with <see cref="Point"/> or <see cref="Box"/> for counting).</summary>
    Think = 8,

    /// <summary>Let the model zoom into regions of the image.</summary>
    Focus = 16,

    /// <summary>Answer with moments of a video (<c>&lt;clip&gt;</c>), for "when does it happen" questions.</summary>
    Clip = 32,
}
