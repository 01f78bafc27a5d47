namespace Connectors.Perceptron.Grounding;

/// <summary>The values of <see cref="GroundingError.Code"/>; the names follow the vendor SDK's error codes where it has one.</summary>
public static class GroundingErrorCodes
{
    /// <summary>An opening tag the parser cannot read (for example cut off by the end of the text); it stays text.</summary>
    public const string MalformedTag = "malformed_tag";

    /// <summary>A point, box, polygon whose closing tag is missing; it stays text.</summary>
    public const string UnclosedTag = "unclosed_tag";

    /// <summary>A closing tag that closes nothing open; it stays text.</summary>
    public const string UnexpectedCloseTag = "unexpected_close_tag";

    /// <summary>A point whose body is not one coordinate pair.</summary>
    public const string InvalidPointCoords = "invalid_point_coords";

    /// <summary>A box whose body is not two coordinate pairs.</summary>
    public const string InvalidBoxCoords = "invalid_box_coords";

    /// <summary>A polygon whose body is not three or more coordinate pairs.</summary>
    public const string InvalidPolygonCoords = "invalid_polygon_coords";

    /// <summary>A <c>t</c> that is not a time; the annotation is kept without it.</summary>
    public const string InvalidTime = "invalid_time";

    /// <summary>An <c>asset_idx</c> that is not an index; the annotation is kept without it.</summary>
    public const string InvalidAssetIdx = "invalid_asset_idx";

    /// <summary>A clip without a <c>t</c> that reads as a time or a range; it stays text.</summary>
    public const string InvalidClipTimestamp = "invalid_clip_timestamp";

    /// <summary>A clip inside a track (a track holds only points, boxes or polygons); dropped from the track.</summary>
    public const string InvalidTrackChild = "invalid_track_child";

    /// <summary>A waypoint of another kind than the track's first one; dropped from the track.</summary>
    public const string InvalidTrackGeometry = "invalid_track_geometry";

    /// <summary>A waypoint naming another asset than the track's; dropped from the track.</summary>
    public const string InvalidTrackAsset = "invalid_track_asset";

    /// <summary>A collection or track without its closing tag: kept with the children it holds, marked incomplete.</summary>
    public const string IncompleteAnnotation = "incomplete_annotation";

    /// <summary>A collection or track with no valid child: not an annotation (the vendor SDK returns nothing for it either).</summary>
    public const string EmptyAnnotation = "empty_annotation";
}
