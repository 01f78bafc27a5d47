using System.Text.RegularExpressions;

namespace Connectors.Notebooks.Tests.Runner;

/// <summary>
/// What a notebook cell sees besides its own code, as in the .NET Interactive C# kernel: <c>display(value)</c> and
/// <c>HTML(text)</c>. A string displays as <c>text/plain</c>, HTML as <c>text/html</c>, PNG bytes (or HTML that is just
/// one PNG data-URL image, which is how the notebooks show pictures so the real kernel renders them too) as
/// <c>image/png</c>, anything else as its <c>ToString()</c>.
/// </summary>
public sealed partial class NotebookGlobals
{
    private readonly OutputRecorder _recorder;

    internal NotebookGlobals(OutputRecorder recorder) => _recorder = recorder;

#pragma warning disable IDE1006 // the kernel's own lower-case names, so cells compile in both places
    /// <summary>Shows a value below the cell.</summary>
    /// <param name="value">The value.</param>
    /// <param name="mimeTypes">Preferred MIME types; <c>text/html</c> shows a string as HTML.</param>
    public void display(object? value, params string[] mimeTypes)
    {
        ArgumentNullException.ThrowIfNull(mimeTypes);
        _recorder.Add(Format(value, mimeTypes));
    }

    /// <summary>Marks text as HTML for <see cref="display"/>.</summary>
    /// <param name="content">The HTML.</param>
    /// <returns>The HTML value.</returns>
    public HtmlContent HTML(string content) => new(content);
#pragma warning restore IDE1006

    internal static CellOutput Format(object? value, IReadOnlyList<string> mimeTypes)
    {
        switch (value)
        {
            case byte[] bytes when ImageDisplayOutput.IsPng(bytes):
                return new ImageDisplayOutput(bytes);
            case HtmlContent html when PngImageTag().Match(html.Content) is { Success: true } match:
                return new ImageDisplayOutput(Convert.FromBase64String(match.Groups["data"].Value));
            case HtmlContent html:
                return new TextDisplayOutput("text/html", html.Content);
            case string text when mimeTypes.Contains("text/html"):
                return new TextDisplayOutput("text/html", text);
            default:
                return new TextDisplayOutput("text/plain", value?.ToString() ?? "<null>");
        }
    }

    [GeneratedRegex("""^\s*<img\s+src="data:image/png;base64,(?<data>[A-Za-z0-9+/=]+)"[^>]*>\s*$""")]
    private static partial Regex PngImageTag();
}

/// <summary>HTML to display, as the kernel's <c>HTML(...)</c> returns.</summary>
/// <param name="Content">The HTML text.</param>
public sealed record HtmlContent(string Content)
{
    /// <inheritdoc/>
    public override string ToString() => Content;
}
