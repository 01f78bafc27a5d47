using Microsoft.Extensions.AI;

namespace Connectors.Perceptron;

/// <summary>
/// A video given as timestamped frames, sent as one <c>video_frames</c> part (one asset). The model's times
/// (<see cref="Grounding.GroundingAnnotation.Time"/>) are on the frames' timeline: a box at <c>t</c> belongs to
/// the frame whose <see cref="VideoFrame.Timestamp"/> is <c>t</c>.
/// </summary>
public sealed class VideoFramesContent : AIContent
{
    /// <summary>The fewest frames the API takes.</summary>
    public const int MinFrames = 2;

    /// <summary>The most frames the API takes.</summary>
    public const int MaxFrames = 256;

    /// <summary>Creates the content.</summary>
    /// <param name="frames">2 to 256 frames whose timestamps never decrease (equal times are allowed).</param>
    /// <exception cref="ArgumentException">Too few or too many frames, or a timestamp earlier than the one before.</exception>
    public VideoFramesContent(IEnumerable<VideoFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        List<VideoFrame> list = [.. frames];
        if (list.Count is < MinFrames or > MaxFrames)
        {
            throw new ArgumentException($"A video needs {MinFrames} to {MaxFrames} frames; got {list.Count}. Sample the video more sparsely, or split it.", nameof(frames));
        }

        for (var i = 0; i < list.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(list[i], $"{nameof(frames)}[{i}]");
            if (i > 0 && list[i].Timestamp < list[i - 1].Timestamp)
            {
                throw new ArgumentException(
                    $"Frame timestamps must never decrease: frame {i} is at {list[i].Timestamp.TotalMilliseconds} ms, after frame {i - 1} at {list[i - 1].Timestamp.TotalMilliseconds} ms. Sort the frames by time.",
                    nameof(frames));
            }
        }

        Frames = list;
    }

    /// <summary>Gets the frames in time order.</summary>
    public IReadOnlyList<VideoFrame> Frames { get; }

    /// <summary>Gets the frame nearest to a time (the earlier one on a tie).</summary>
    /// <param name="time">A time on the frames' timeline, such as an annotation's <see cref="Grounding.GroundingAnnotation.Time"/>.</param>
    /// <returns>The index of the frame in <see cref="Frames"/>.</returns>
    public int FrameIndexAt(TimeSpan time)
    {
        var index = 0;
        for (var i = 1; i < Frames.Count; i++)
        {
            if ((Frames[i].Timestamp - time).Duration() < (Frames[index].Timestamp - time).Duration())
            {
                index = i;
            }
        }

        return index;
    }
}
