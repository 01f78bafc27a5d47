namespace Connectors.Perceptron.Grounding;

/// <summary>The tags the scanner knows.</summary>
internal enum TagKind
{
    None,
    Point,
    Box,
    Polygon,
    Clip,
    Collection,
    Track,
    Think,
}
