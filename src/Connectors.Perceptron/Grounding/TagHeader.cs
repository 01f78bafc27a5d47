namespace Connectors.Perceptron.Grounding;

/// <summary>An opening tag read by the scanner: attribute values are ranges into the text until accepted.</summary>
internal struct TagHeader
{
    public TagKind Kind;
    public int End;
    public bool SelfClosing;
    public int MentionStart;
    public int MentionLength;
    public int TimeStart;
    public int TimeLength;
    public int AssetStart;
    public int AssetLength;
}
