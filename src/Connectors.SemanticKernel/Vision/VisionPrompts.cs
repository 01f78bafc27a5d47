namespace Connectors.SemanticKernel;

/// <summary>The task prompts the vendor SDKs send, so the functions behave like them.</summary>
internal static class VisionPrompts
{
    public const string DetectAll = "Your goal is to segment out the objects in the scene";

    public const string Ocr = "You are an OCR (Optical Character Recognition) system. Accurately detect, extract, and transcribe all readable text from the image.";

    public const string OcrMarkdown = "Transcribe every readable word in the image using Markdown formatting with headings, lists, tables, and other structural elements as appropriate.";

    public const string OcrHtml = "Transcribe every readable word in the image using HTML markup.";

    public const string CaptionConcise = "Provide a concise, human-friendly caption for the upcoming image.";

    public const string CaptionDetailed = "Provide a detailed caption describing key objects, relationships, and context in the upcoming image.";

    public static string Detect(IReadOnlyList<string> categories) =>
        categories.Count == 0 ? DetectAll : $"Your goal is to segment out the following categories: {string.Join(", ", categories)}";

    public static string Count(string objects) => $"How many {objects} are there? Point to each.";

    /// <summary>Splits "cat, dog; bird" into categories.</summary>
    public static IReadOnlyList<string> Categories(string? categories) =>
        string.IsNullOrWhiteSpace(categories)
            ? []
            : [.. categories.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];
}
