using Connectors.Perceptron;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;

namespace Connectors.SemanticKernel;

/// <summary>A video ready to send: the content (a whole video or frames), the frame size when known, and where it came from.</summary>
internal sealed record ResolvedVideo(AIContent Content, ImageSize? Size, string Source)
{
    public VideoFramesContent? Frames => Content as VideoFramesContent;
}
