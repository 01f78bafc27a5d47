namespace Connectors.Perceptron.Grounding;

/// <summary>A collection or track whose closing tag has not arrived yet.</summary>
internal sealed class OpenContainer
{
    public OpenContainer(string? mention, TimeSpan? time, int? assetIndex)
    {
        Mention = mention;
        Time = time;
        AssetIndex = assetIndex;
    }

    public string? Mention { get; }

    public TimeSpan? Time { get; }

    public int? AssetIndex { get; }

    public bool HasMention => Mention is not null;

    public List<GroundingAnnotation> Children { get; } = [];
}
