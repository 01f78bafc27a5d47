using System.Text;

namespace Connectors.Perceptron.Grounding;

/// <summary>What <see cref="GroundingParser"/> found in a model's text.</summary>
public sealed class GroundingResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="annotations">Top-level annotations, containers kept.</param>
    /// <param name="leaves">The leaves with inherited attributes applied.</param>
    /// <param name="errors">Refused tags.</param>
    /// <param name="text">The answer text without tags.</param>
    /// <param name="reasoning">The contents of <c>&lt;think&gt;</c> blocks, or <see langword="null"/>.</param>
    public GroundingResult(
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

    /// <summary>
    /// A result whose text is built from <paramref name="text"/> (a <see cref="TextSegments"/> or the chunks of a
    /// <see cref="StringBuilder"/>) when first read.
    /// </summary>
    internal GroundingResult(
        IReadOnlyList<GroundingAnnotation> annotations,
        IReadOnlyList<GroundingAnnotation> leaves,
        IReadOnlyList<GroundingError> errors,
        object text,
        string? reasoning)
    {
        Annotations = annotations;
        Leaves = leaves;
        Errors = errors;
        _deferredText = text;
        Reasoning = reasoning;
    }

    private string? _text;
    private object? _deferredText;

    /// <summary>Gets the top-level annotations in document order; collections and tracks keep their children.</summary>
    public IReadOnlyList<GroundingAnnotation> Annotations { get; }

    /// <summary>
    /// Gets every point, box, polygon and clip in document order with the mention and asset index inherited from
    /// its containers (the same as <c>Annotations.Flatten()</c>).
    /// </summary>
    public IReadOnlyList<GroundingAnnotation> Leaves { get; }

    /// <summary>Gets the tags that were refused, each with its position and reason.</summary>
    public IReadOnlyList<GroundingError> Errors { get; }

    /// <summary>
    /// Gets the answer text without tags and without <c>&lt;think&gt;</c> blocks. A point, box, polygon or clip is
    /// replaced by its mention (nothing when it has none). A collection or track with a mention is replaced, from its
    /// opening to its closing tag, by that mention once; one without a mention loses only its own tags. Refused tags
    /// stay as written. Whitespace right after a <c>&lt;think&gt;</c> block is dropped.
    /// </summary>
    public string Text
    {
        get
        {
            if (_text is null)
            {
                // Built once; a race only builds the same string twice.
                _text = _deferredText switch
                {
                    TextSegments segments => segments.Join(),
                    var chunks => ((StringBuilder)chunks!).ToString(),
                };
                _deferredText = null;
            }

            return _text;
        }
    }

    /// <summary>
    /// Gets the trimmed contents of the <c>&lt;think&gt;</c> blocks joined by a blank line, or <see langword="null"/>
    /// when there were none or all were empty. Tags inside them are not parsed.
    /// </summary>
    public string? Reasoning { get; }
}
