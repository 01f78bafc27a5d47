namespace Connectors.Cli.Vision;

/// <summary>The Perceptron tasks the tool offers, each with the prompt the vendor SDKs use for it.</summary>
internal enum VisionTask
{
    /// <summary>Bounding boxes of every object, or of the given categories.</summary>
    Detect,

    /// <summary>How many of something, with a point on each.</summary>
    Count,

    /// <summary>A point on every object, or on the given categories.</summary>
    Point,

    /// <summary>Polygons outlining every object, or the given categories.</summary>
    Segment,

    /// <summary>The text in the image.</summary>
    Ocr,

    /// <summary>A caption, with boxes on what it names.</summary>
    Caption,

    /// <summary>A free question, optionally about an image.</summary>
    Ask,
}
