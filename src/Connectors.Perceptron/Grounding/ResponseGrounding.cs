using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// Attaches grounding to replies: leaves are grouped by the request asset they refer to (their
/// <c>asset_idx</c>, else the last asset), each group as one <see cref="GroundingContent"/> that knows the
/// asset's index and, when its header is readable, its size. Assets are images, videos, frames groups and audio.
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

    /// <summary>
    /// Numbers media as the API does: every image, video, frames group (once), audio and uploaded file is one asset,
    /// in wire order; a frames group's size is its first frame's.
    /// </summary>
    private void Count(AIContent content)
    {
        switch (content)
        {
            case DataContent data when data.HasTopLevelMediaType("image") || data.HasTopLevelMediaType("video"):
                _imageSizes.Add(ImageHeader.TryReadSize(data, out var size) ? size : null);
                break;
            case DataContent data when data.HasTopLevelMediaType("audio"):
                _imageSizes.Add(null);
                break;
            case UriContent uri when uri.HasTopLevelMediaType("image") || uri.HasTopLevelMediaType("video") || uri.HasTopLevelMediaType("audio"):
                _imageSizes.Add(null);
                break;
            case VideoFramesContent video:
                _imageSizes.Add(video.Frames[0].Image is DataContent first && ImageHeader.TryReadSize(first, out var frameSize) ? frameSize : null);
                break;
            case HostedFileContent:
                _imageSizes.Add(null); // sent as an image, video or audio file id
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
