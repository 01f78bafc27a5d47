using System.Text;

namespace Connectors.Perceptron.Grounding;

/// <summary>What <see cref="GroundingParser"/> found in a model's text.</summary>
public sealed class GroundingResult
{
    /// <summary>A result whose text is already known.</summary>
    internal GroundingResult(
        IReadOnlyList<GroundingAnnotation> annotations,
        IReadOnlyList<GroundingAnnotation> leaves,
        IReadOnlyList<GroundingError> errors,
        string text,
        string? reasoning)
    {
        Annotations = annotations;
        Leaves = leaves;
        Errors = errors;
        _text = text;
        Reasoning = reasoning;
    }

    /// <summary>A result whose text is joined from ranges of the parsed string when first read.</summary>
    internal GroundingResult(
        IReadOnlyList<GroundingAnnotation> annotations,
        IReadOnlyList<GroundingAnnotation> leaves,
        IReadOnlyList<GroundingError> errors,
        TextSegments text,
        string? reasoning)
        : this(annotations, leaves, errors, (object)text, reasoning)
    {
    }

    /// <summary>A result whose text is built from the chunks of <paramref name="text"/> when first read.</summary>
    internal GroundingResult(
        IReadOnlyList<GroundingAnnotation> annotations,
        IReadOnlyList<GroundingAnnotation> leaves,
        IReadOnlyList<GroundingError> errors,
        StringBuilder text,
        string? reasoning)
        : this(annotations, leaves, errors, (object)text, reasoning)
    {
    }

    private GroundingResult(
        IReadOnlyList<GroundingAnnotation> annotations,
        IReadOnlyList<GroundingAnnotation> leaves,
        IReadOnlyList<GroundingError> errors,
        object deferredText,
        string? reasoning)
    {
        Annotations = annotations;
        Leaves = leaves;
        Errors = errors;
        _deferredText = deferredText;
        Reasoning = reasoning;
    }

    private string? _text;

    // A TextSegments or a StringBuilder until the text is first read.
    private object? _deferredText;

    /// <summary>Gets the top-level annotations in document order; collections and tracks keep their children.</summary>
    public IReadOnlyList<GroundingAnnotation> Annotations { get; }

    /// <summary>
    /// Gets every point, box, polygon and clip in document order with the mention, asset index and time inherited
    /// from its containers as the vendor SDK applies them (the same as <c>Annotations.Flatten()</c>; see
    /// <see cref="GroundingAnnotationExtensions.Flatten"/>).
    /// </summary>
    public IReadOnlyList<GroundingAnnotation> Leaves { get; }

    /// <summary>
    /// Gets what could not be read as written, in scan order: refused tags, ignored attributes, incomplete and empty
    /// containers, each with its position, a stable <see cref="GroundingError.Code"/> and a reason.
    /// </summary>
    public IReadOnlyList<GroundingError> Errors { get; }

    /// <summary>
    /// Gets the answer text without tags and without <c>&lt;think&gt;</c> blocks. A point, box, polygon or clip is
    /// replaced by its mention (nothing when it has none). A collection or track with a mention is replaced, from its
    /// opening to its closing tag, by that mention once; one without a mention loses only its own tags; one that ends
    /// up empty leaves no mention. Refused tags stay as written. Whitespace right after a <c>&lt;think&gt;</c> block is
    /// dropped. For the vendor SDK's rule (tags removed, mentions too) use <see cref="GroundingParser.StripTags"/>.
    /// </summary>
    public string Text
    {
        get
        {
            if (Volatile.Read(ref _text) is { } text)
            {
                return text;
            }

            // Built once; a race builds the same string twice. The text is published before its source is
            // dropped, so a reader that finds no source finds the text.
            var deferred = Volatile.Read(ref _deferredText);
            if (deferred is null)
            {
                return Volatile.Read(ref _text)!;
            }

            text = deferred switch
            {
                TextSegments segments => segments.Join(),
                _ => ((StringBuilder)deferred).ToString(),
            };
            Volatile.Write(ref _text, text);
            Volatile.Write(ref _deferredText, null);
            return text;
        }
    }

    /// <summary>
    /// Gets the trimmed contents of the <c>&lt;think&gt;</c> blocks joined by a blank line, or <see langword="null"/>
    /// when there were none or all were empty. Tags inside them are not parsed.
    /// </summary>
    public string? Reasoning { get; }
}
