namespace Connectors.Perceptron.Grounding;

/// <summary>A collection or track whose closing tag has not arrived yet.</summary>
internal sealed class OpenContainer
{
    /// <summary>Creates an open container whose children go to <paramref name="children"/>, a list the scanner reuses.</summary>
    public OpenContainer(TagKind kind, int position, string? mention, TimeSpan? time, int? assetIndex, List<GroundingAnnotation> children)
    {
        Kind = kind;
        Position = position;
        Mention = mention;
        Time = time;
        AssetIndex = assetIndex;
        Children = children;
        children.Clear();
    }

    public TagKind Kind { get; }

    /// <summary>Gets the absolute position of the opening tag's <c>&lt;</c>.</summary>
    public int Position { get; }

    public string? Mention { get; }

    public TimeSpan? Time { get; }

    public int? AssetIndex { get; }

    public bool HasMention => Mention is not null;

    public List<GroundingAnnotation> Children { get; }

    /// <summary>Gets or sets the answer text's length before the container's mention, to take it back if the container vanishes.</summary>
    public int TextMark { get; set; }

    /// <summary>Gets or sets whether whitespace was to be trimmed before the mention was written.</summary>
    public bool TrimBeforeMention { get; set; }

    /// <summary>Gets or sets the kind of a track's waypoints, fixed by the first one (<see cref="TagKind.None"/> before).</summary>
    public TagKind WaypointKind { get; set; }

    /// <summary>Gets or sets the asset a track's waypoints refer to, fixed by the track or its first waypoint.</summary>
    public int? WaypointAsset { get; set; }

    /// <summary>Gets or sets the <c>asset_idx</c> a track takes from its first waypoint when it has none.</summary>
    public int? DerivedAsset { get; set; }
}
