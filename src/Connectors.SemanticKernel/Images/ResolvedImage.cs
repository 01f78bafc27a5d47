using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;

namespace Connectors.SemanticKernel;

/// <summary>An image ready to send: the content, its size when the bytes are at hand, and a short description of where it came from.</summary>
internal sealed record ResolvedImage(AIContent Content, ImageSize? Size, string Source)
{
    public static ResolvedImage FromBytes(ReadOnlyMemory<byte> data, string mediaType, string source) =>
        new(new DataContent(data, mediaType), ImageHeader.TryReadSize(data.Span, out var size) ? size : null, source);
}
