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

    /// <summary>Moves every position by <paramref name="delta"/> (when the text before the tag is dropped).</summary>
    public void Shift(int delta)
    {
        End += delta;
        MentionStart += delta;
        TimeStart += delta;
        AssetStart += delta;
    }
}
