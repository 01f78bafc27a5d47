namespace Connectors.Perceptron.Grounding;

/// <summary>A collection or track whose closing tag has not arrived yet.</summary>
internal sealed class OpenContainer
{
    /// <summary>Creates an open container whose children go to <paramref name="children"/>, a list the scanner reuses.</summary>
    public OpenContainer(string? mention, TimeSpan? time, int? assetIndex, List<GroundingAnnotation> children)
    {
        Mention = mention;
        Time = time;
        AssetIndex = assetIndex;
        Children = children;
        children.Clear();
    }

    public string? Mention { get; }

    public TimeSpan? Time { get; }

    public int? AssetIndex { get; }

    public bool HasMention => Mention is not null;

    public List<GroundingAnnotation> Children { get; }
}
