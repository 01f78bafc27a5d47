namespace Connectors.Perceptron.Grounding;

/// <summary>Parses the grounded output of Perceptron models (points, boxes, polygons, collections, tracks, clips).</summary>
public static class GroundingParser
{
    /// <summary>Parses a whole model answer. Never throws on model text; malformed tags are reported in the result.</summary>
    /// <param name="text">The model's text; <see langword="null"/> counts as empty.</param>
    /// <returns>The annotations, leaves, errors, answer text and reasoning.</returns>
    public static GroundingResult Parse(string? text)
    {
        text ??= string.Empty;
        var scanner = new GroundingScanner(text);
        scanner.Advance(text, final: true);
        return scanner.ToResult();
    }

    /// <summary>Parses a whole model answer. Never throws on model text; malformed tags are reported in the result.</summary>
    /// <param name="text">The model's text.</param>
    /// <returns>The annotations, leaves, errors, answer text and reasoning.</returns>
    public static GroundingResult Parse(ReadOnlySpan<char> text)
    {
        var scanner = new GroundingScanner();
        scanner.Advance(text, final: true);
        return scanner.ToResult();
    }

    /// <summary>
    /// Removes the grounding markup as the vendor's Python SDK (<c>strip_tags</c>) does, for comparing with its
    /// output: a closed collection or track goes whole, mention and all; a point, box or polygon goes with its body; a
    /// clip goes; an unclosed or stray collection or track tag goes on its own; a stray point, box, polygon or clip
    /// tag stays. <see cref="GroundingResult.Text"/> follows this library's rule instead (a tag replaced by its
    /// mention). <c>&lt;think&gt;</c> blocks are not touched.
    /// </summary>
    /// <param name="text">The model's text; <see langword="null"/> counts as empty.</param>
    /// <returns>The text without grounding tags.</returns>
    public static string StripTags(string? text) => string.IsNullOrEmpty(text) ? string.Empty : TagStripper.Strip(text);

    /// <summary>The annotations of a whole answer without building its tag-free text (the response already has the text).</summary>
    internal static IReadOnlyList<GroundingAnnotation> ParseLeaves(string text)
    {
        var scanner = new GroundingScanner(collectText: false);
        scanner.Advance(text, final: true);
        return scanner.ToResult().Leaves;
    }
}
