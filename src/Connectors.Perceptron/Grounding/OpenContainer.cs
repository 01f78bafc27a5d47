namespace Connectors.Perceptron.Grounding;

/// <summary>
/// A collection or track whose closing tag has not arrived yet. The scanner keeps one for collections and one for
/// tracks (at most one of each is open) and reuses them, so opening a container allocates nothing.
/// </summary>
internal sealed class OpenContainer
{
    public OpenContainer(TagKind kind) => Kind = kind;

    public TagKind Kind { get; }

    /// <summary>Gets the absolute position of the opening tag's <c>&lt;</c>.</summary>
    public int Position { get; private set; }

    public string? Mention { get; private set; }

    public TimeSpan? Time { get; private set; }

    public int? AssetIndex { get; private set; }

    public bool HasMention => Mention is not null;

    public List<GroundingAnnotation> Children { get; } = [];

    /// <summary>Gets the answer text's length before the container's mention, to take it back if the container vanishes.</summary>
    public int TextMark { get; private set; }

    /// <summary>Gets whether whitespace was to be trimmed before the mention was written.</summary>
    public bool TrimBeforeMention { get; private set; }

    /// <summary>Gets or sets the kind of a track's waypoints, fixed by the first one (<see cref="TagKind.None"/> before).</summary>
    public TagKind WaypointKind { get; set; }

    /// <summary>Gets or sets the asset a track's waypoints refer to, fixed by the track or its first waypoint.</summary>
    public int? WaypointAsset { get; set; }

    /// <summary>Gets or sets the <c>asset_idx</c> a track takes from its first waypoint when it has none.</summary>
    public int? DerivedAsset { get; set; }

    /// <summary>Starts the container over for a newly opened tag.</summary>
    public OpenContainer Open(int position, string? mention, TimeSpan? time, int? assetIndex, int textMark, bool trimBeforeMention)
    {
        (Position, Mention, Time, AssetIndex, TextMark, TrimBeforeMention) = (position, mention, time, assetIndex, textMark, trimBeforeMention);
        (WaypointKind, WaypointAsset, DerivedAsset) = (TagKind.None, null, null);
        Children.Clear();
        return this;
    }
}
