using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// Attaches grounding to replies: leaves are grouped by the request image they refer to (their
/// <c>asset_idx</c>, else the last image), each group as one <see cref="GroundingContent"/> that knows the
/// image's index and, when its header is readable, its size.
/// </summary>
internal sealed class ResponseGrounding
{
    private readonly List<ImageSize?> _imageSizes = [];

    public ResponseGrounding(IReadOnlyList<ChatMessage> requestMessages)
    {
        foreach (var message in requestMessages)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionResultContent { Result: var result })
                {
                    // Images a tool returned are sent, and numbered, where the tool result stands.
                    foreach (var item in result switch { AIContent one => [one], IEnumerable<AIContent> many => many, _ => [] })
                    {
                        Count(item);
                    }
                }
                else
                {
                    Count(content);
                }
            }
        }
    }

    private void Count(AIContent content)
    {
        switch (content)
        {
            case DataContent data when data.HasTopLevelMediaType("image") || data.HasTopLevelMediaType("video"):
                _imageSizes.Add(ImageHeader.TryReadSize(data, out var size) ? size : null);
                break;
            case UriContent uri when uri.HasTopLevelMediaType("image") || uri.HasTopLevelMediaType("video"):
                _imageSizes.Add(null);
                break;
        }
    }

    private int? LastImage => _imageSizes.Count == 0 ? null : _imageSizes.Count - 1;

    /// <summary>Adds one content per referenced image for these leaves (nothing when there are none).</summary>
    public void AddTo(IList<AIContent> contents, IReadOnlyList<GroundingAnnotation> leaves)
    {
        if (leaves.Count == 0)
        {
            return;
        }

        // Most replies refer to one image: keep the common case to a single pass.
        var groups = new List<(int? Image, List<GroundingAnnotation> Leaves)>(1);
        foreach (var leaf in leaves)
        {
            var image = leaf.AssetIndex ?? LastImage;
            var group = groups.FindIndex(g => g.Image == image);
            if (group < 0)
            {
                groups.Add((image, [leaf]));
            }
            else
            {
                groups[group].Leaves.Add(leaf);
            }
        }

        foreach (var (image, group) in groups)
        {
            contents.Add(new GroundingContent(group)
            {
                ImageIndex = image,
                ImageSize = image is { } i && i >= 0 && i < _imageSizes.Count ? _imageSizes[i] : null,
            });
        }
    }
}
