namespace Connectors.Perceptron.Grounding;

/// <summary>The outcome of one attempt to read a construct at the scan position.</summary>
internal enum ScanStep
{
    /// <summary>Read and consumed.</summary>
    Done,

    /// <summary>Not a tag we know: the <c>&lt;</c> is plain text.</summary>
    NotTag,

    /// <summary>The text ends before the construct could be decided (streaming only).</summary>
    NeedMore,

    /// <summary>A known tag that is malformed.</summary>
    Failed,
}
