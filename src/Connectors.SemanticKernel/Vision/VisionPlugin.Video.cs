using System.ComponentModel;
using Connectors.Perceptron;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Connectors.SemanticKernel;

/// <summary>The video functions: objects tracked through a video, and the moments something happens.</summary>
public sealed partial class VisionPlugin
{
    private const string VideoDescription =
        "The video: an http(s) URL of an mp4 or webm video, the id of an uploaded video (file-...), an mp4 or webm file path, or a folder of frames (png, jpeg, webp; each name's last number is its time in milliseconds) that the application allows.";

    /// <summary>The vendor SDK's tracking instruction, after its detection sentence.</summary>
    private const string TrackSuffix = ". Make sure to track the objects.";

    private VideoResolver? _videos;

    /// <summary>Follows objects through a video: a labelled box per object at each time it is seen.</summary>
    /// <param name="video">The video reference: an http(s) URL, an uploaded video's file id, an mp4 or webm file, or a folder of frames.</param>
    /// <param name="categories">Comma-separated kinds of object to track, or null for every object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tracks with times in seconds, grid boxes and, when the frame size is known, pixel boxes.</returns>
    [KernelFunction("TrackObjects")]
    [Description("Tracks objects through a video: for each object, a labelled bounding box at each time it is seen (seconds from the start; grid coordinates 0-1000, and pixels when the frame size is known).")]
    public async Task<TrackingResult> TrackObjectsAsync(
        [Description(VideoDescription)] string video,
        [Description("Comma-separated kinds of object to track, such as 'car, person'; omit to track every object.")] string? categories = null,
        CancellationToken cancellationToken = default)
    {
        var system = VisionPrompts.Detect(VisionPrompts.Categories(categories)) + TrackSuffix;
        var (response, resolved) = await AskVideoAsync(video, system, null, PerceptronHints.Box, cancellationToken).ConfigureAwait(false);
        var grounded = Grounded.From(response, new ResolvedImage(resolved.Content, resolved.Size, resolved.Source));
        var size = resolved.Size ?? response.GetGrounding().Select(static g => g.ImageSize).FirstOrDefault(static s => s is not null);
        var tracks = new List<ObjectTrack>();
        foreach (var annotation in GroundingParser.Parse(response.Text).Annotations)
        {
            if (annotation is TrackAnnotation track)
            {
                tracks.Add(new ObjectTrack(track.Mention, Boxes(new[] { track }.Flatten(), size)));
                continue;
            }

            // Boxes outside a track (a collection, or loose boxes with times): one track per label.
            foreach (var group in new[] { annotation }.Flatten().OfType<BoxAnnotation>().GroupBy(static b => b.Mention))
            {
                tracks.Add(new ObjectTrack(group.Key, Boxes(group, size)));
            }
        }

        return new TrackingResult(grounded.Image, tracks, grounded.Answer, grounded.Reasoning);
    }

    /// <summary>Finds the moments of a video when something happens or is on screen.</summary>
    /// <param name="video">The video reference: an http(s) URL, an uploaded video's file id, an mp4 or webm file, or a folder of frames.</param>
    /// <param name="query">What to find, such as <c>the dog jumps</c> or <c>the red car</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The moments, as start and end seconds.</returns>
    [KernelFunction("FindMoments")]
    [Description("Finds when something happens or is on screen in a video, as time ranges in seconds from the start.")]
    public async Task<MomentsResult> FindMomentsAsync(
        [Description(VideoDescription)] string video,
        [Description("What to find, such as 'the dog jumps' or 'the red car'.")] string query,
        CancellationToken cancellationToken = default)
    {
        var what = Required(query, nameof(query), "what to find in the video, such as 'the dog jumps'").TrimEnd('.', ' ');
        var (response, resolved) = await AskVideoAsync(video, null, $"Clip {what}.", PerceptronHints.Clip, cancellationToken).ConfigureAwait(false);
        var grounded = Grounded.From(response, new ResolvedImage(resolved.Content, resolved.Size, resolved.Source));
        var moments = GroundingParser.Parse(response.Text).Leaves.OfType<ClipAnnotation>()
            .Where(static c => c.Time is not null)
            .Select(static c => new VideoMoment(c.Mention, c.Time!.Value.TotalSeconds, c.End?.TotalSeconds))
            .ToList();
        return new MomentsResult(grounded.Image, what, moments, grounded.Answer, grounded.Reasoning);
    }

    private static List<TrackedBox> Boxes(IEnumerable<GroundingAnnotation> leaves, ImageSize? size) =>
        [.. leaves.OfType<BoxAnnotation>().Select(b => new TrackedBox(b.Time?.TotalSeconds, b.Box, size is { } s ? b.Box.ToPixels(s) : null))];

    private async Task<(ChatResponse Response, ResolvedVideo Video)> AskVideoAsync(
        string video, string? system, string? userText, PerceptronHints hints, CancellationToken cancellationToken)
    {
        var resolver = LazyInitializer.EnsureInitialized(ref _videos, () => new VideoResolver(_options));
        var resolved = await resolver.ResolveAsync(video, cancellationToken).ConfigureAwait(false);
        var messages = new List<ChatMessage>(2);
        if (system is not null)
        {
            messages.Add(new ChatMessage(ChatRole.System, system));
        }

        messages.Add(new ChatMessage(ChatRole.User, userText is null ? [resolved.Content] : [resolved.Content, new Microsoft.Extensions.AI.TextContent(userText)]));
        var options = new ChatOptions { ModelId = _options.ModelId }.WithHints(hints);
        var response = await _client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        return (response, resolved);
    }
}
