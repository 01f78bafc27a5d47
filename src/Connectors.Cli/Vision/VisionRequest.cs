using Connectors.Cli.Images;
using Connectors.Perceptron;
using Microsoft.Extensions.AI;

namespace Connectors.Cli.Vision;

/// <summary>The messages and options of one vision task, shaped as the vendor SDKs shape them.</summary>
internal sealed record VisionRequest(IReadOnlyList<ChatMessage> Messages, ChatOptions Options)
{
    private const string OcrInstruction =
        "You are an OCR (Optical Character Recognition) system. Accurately detect, extract, and transcribe all readable text from the image.";

    private const string ConciseCaption = "Provide a concise, human-friendly caption for the upcoming image.";

    private const string DetailedCaption = "Provide a detailed caption describing key objects, relationships, and context in the upcoming image.";

    /// <summary>Builds the request of a task.</summary>
    /// <param name="task">The task.</param>
    /// <param name="image">The image; only <see cref="VisionTask.Ask"/> may go without one.</param>
    /// <param name="subject">Categories (detect, point, segment), the thing to count, or the question.</param>
    /// <param name="think">Adds the THINK hint: visible reasoning.</param>
    /// <param name="detailed">A detailed rather than concise caption.</param>
    public static VisionRequest Create(VisionTask task, ImageInput? image, string? subject, bool think = false, bool detailed = false)
    {
        var options = new ChatOptions();
        var messages = new List<ChatMessage>();
        var user = new List<AIContent>();
        if (image is not null)
        {
            user.Add(image.ToContent());
        }

        PerceptronHints hints;
        switch (task)
        {
            case VisionTask.Detect or VisionTask.Point or VisionTask.Segment:
                messages.Add(new ChatMessage(ChatRole.System, SegmentInstruction(subject)));
                hints = task switch
                {
                    VisionTask.Detect => PerceptronHints.Box,
                    VisionTask.Point => PerceptronHints.Point,
                    _ => PerceptronHints.Polygon,
                };
                break;
            case VisionTask.Count:
                user.Add(new TextContent($"How many {subject} are there? Point to each."));
                hints = PerceptronHints.Point | PerceptronHints.Think;
                break;
            case VisionTask.Ocr:
                messages.Add(new ChatMessage(ChatRole.System, OcrInstruction));
                hints = PerceptronHints.None;
                break;
            case VisionTask.Caption:
                user.Add(new TextContent(detailed ? DetailedCaption : ConciseCaption));
                hints = PerceptronHints.Box;
                break;
            default:
                user.Add(new TextContent(subject ?? string.Empty));
                hints = PerceptronHints.None;
                break;
        }

        if (think)
        {
            hints |= PerceptronHints.Think;
        }

        if (hints != PerceptronHints.None)
        {
            options.WithHints(hints);
        }

        messages.Add(new ChatMessage(ChatRole.User, user));
        return new VisionRequest(messages, options);
    }

    /// <summary>The request with few-shot turns between its instruction and the target.</summary>
    public VisionRequest WithExamples(IReadOnlyList<ChatMessage> turns) =>
        this with { Messages = [.. Messages.Take(Messages.Count - 1), .. turns, Messages[^1]] };

    private static string SegmentInstruction(string? categories)
    {
        var list = Categories(categories);
        return list.Count == 0
            ? "Your goal is to segment out the objects in the scene"
            : $"Your goal is to segment out the following categories: {string.Join(", ", list)}";
    }

    /// <summary>Splits "cat, dog" into its categories.</summary>
    public static IReadOnlyList<string> Categories(string? categories) =>
        categories is null ? [] : [.. categories.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
