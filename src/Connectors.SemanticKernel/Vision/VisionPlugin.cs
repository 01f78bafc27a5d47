using System.ComponentModel;
using System.Text.Json;
using Connectors.Perceptron;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Connectors.SemanticKernel;

/// <summary>
/// Vision functions an agent can call (<c>Vision.DetectObjects</c>, <c>Vision.CountObjects</c>, ...), answered by
/// Perceptron through any <see cref="IChatClient"/> that speaks it (normally a <see cref="PerceptronChatClient"/>).
/// Each sends the prompt and hints the vendor SDKs send and returns a typed, JSON-friendly result.
/// </summary>
/// <remarks>
/// <para>The <c>image</c> argument of every function is a reference the model can write:</para>
/// <list type="bullet">
/// <item><c>latest</c> (also <c>last</c>, <c>current</c>): the most recent image of the conversation when the function is
/// called by automatic function calling, else the image registered last;</item>
/// <item>a name given to <see cref="AddImage(DataContent, string?)"/>, or the <see cref="DataContent.Name"/> of an image in the conversation;</item>
/// <item><c>image:N</c>: the N-th image of the conversation (from 1);</item>
/// <item>an http(s) URL (sent as is unless <see cref="VisionPluginOptions.AllowUrlDownload"/>) or a data URL;</item>
/// <item>a file path inside <see cref="VisionPluginOptions.AllowedImageRoots"/> (absolute, or relative to a root).</item>
/// </list>
/// <para>A reference that cannot be used raises <see cref="ImageReferenceException"/>, whose message tells the model what to pass instead.</para>
/// </remarks>
public sealed partial class VisionPlugin
{
    /// <summary>The plugin name functions are called by: <c>Vision</c> (tools appear as <c>Vision_CountObjects</c> and so on).</summary>
    public const string PluginName = "Vision";

    private const string ImageDescription =
        "The image: 'latest' for the most recent image of the conversation, a registered image name, 'image:N' for the N-th image of the conversation, an http(s) URL, a data URL, the id of an uploaded image (file-...), or a file path the application allows.";

    private readonly IChatClient _client;
    private readonly VisionPluginOptions _options;
    private readonly ImageRegistry _registry = new();
    private readonly ImageResolver _resolver;

    /// <summary>Creates the plugin.</summary>
    /// <param name="perceptronClient">The client that answers vision requests, normally a <see cref="PerceptronChatClient"/>; not disposed by the plugin.</param>
    /// <param name="options">What images may be read and which model to ask; defaults when null. Read once: later changes have no effect.</param>
    /// <exception cref="ArgumentException">The options cannot be used.</exception>
    public VisionPlugin(IChatClient perceptronClient, VisionPluginOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(perceptronClient);
        options = options?.Clone() ?? new VisionPluginOptions();
        options.Validate();
        _client = perceptronClient;
        _options = options;
        _resolver = new ImageResolver(options, _registry);
    }

    /// <summary>
    /// Gets JSON options that know every parameter and result type of the plugin (source generated), for
    /// <see cref="KernelPluginFactory.CreateFromObject{T}(T, JsonSerializerOptions, string?, Microsoft.Extensions.Logging.ILoggerFactory?)"/>
    /// in trimmed or native AOT applications.
    /// </summary>
    public static JsonSerializerOptions JsonSerializerOptions => VisionJsonContext.Default.Options;

    /// <summary>Gets the names of the registered images.</summary>
    public IReadOnlyList<string> ImageNames => _registry.Names;

    /// <summary>Creates a Semantic Kernel plugin named <see cref="PluginName"/> over this instance, AOT friendly.</summary>
    /// <returns>The plugin.</returns>
    public KernelPlugin AsKernelPlugin() => KernelPluginFactory.CreateFromObject(this, JsonSerializerOptions, PluginName);

    /// <summary>
    /// Gets the functions as Microsoft.Extensions.AI tools named <c>Vision_DetectObjects</c>, <c>Vision_CountObjects</c>, ...,
    /// for agents without a kernel: Microsoft Agent Framework's <c>ChatClientAgent</c>, or <c>ChatOptions.Tools</c> with
    /// <c>UseFunctionInvocation()</c>. Set <c>FunctionInvokingChatClient.IncludeDetailedErrors</c> so the model reads why an image was refused.
    /// </summary>
    /// <returns>The tools.</returns>
    public IList<AITool> AsAITools()
    {
        // Bound to a kernel of their own: invoked outside Semantic Kernel they would otherwise build one from the caller's services.
        var kernel = new Kernel();
        return [.. AsKernelPlugin().Select(function => function.WithKernel(kernel))];
    }

    /// <summary>Registers an image the model can then refer to by name (or as <c>latest</c>).</summary>
    /// <param name="image">A PNG, JPEG or WebP image; its format is checked from its bytes.</param>
    /// <param name="name">The name to refer to it by; <c>image-1</c>, <c>image-2</c>, ... when null. A name used again replaces the earlier image.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ImageReferenceException">The bytes are not a supported image or exceed <see cref="VisionPluginOptions.MaxImageBytes"/>.</exception>
    public string AddImage(DataContent image, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        return _registry.Add(name ?? image.Name, id => _resolver.FromBytes(image.Data, id));
    }

    /// <summary>Registers image bytes the model can then refer to by name (or as <c>latest</c>).</summary>
    /// <param name="image">A PNG, JPEG or WebP image; its format is checked from its bytes.</param>
    /// <param name="name">The name to refer to it by; <c>image-1</c>, <c>image-2</c>, ... when null.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ImageReferenceException">The bytes are not a supported image or exceed <see cref="VisionPluginOptions.MaxImageBytes"/>.</exception>
    public string AddImage(ReadOnlyMemory<byte> image, string? name = null) =>
        _registry.Add(name, id => _resolver.FromBytes(image, id));

    /// <summary>Removes a registered image.</summary>
    /// <param name="name">Its name.</param>
    /// <returns>Whether there was one.</returns>
    public bool RemoveImage(string name) => _registry.Remove(name);

    /// <summary>Finds objects and returns a labelled bounding box for each, optionally learning from labelled examples.</summary>
    /// <param name="image">The image reference (see <see cref="VisionPlugin"/>).</param>
    /// <param name="categories">Comma-separated kinds of object to look for, or null for every object.</param>
    /// <param name="examples">
    /// Few-shot examples as JSON, <c>[{"image":"&lt;reference&gt;","boxes":[{"label":"widget","x1":10,"y1":20,"x2":60,"y2":80}],"prompt":"optional"}]</c>,
    /// boxes in the example image's pixels: each is sent before the target as the vendor SDK lays examples out (the
    /// example image, then an assistant turn with its boxes as tags), so the model finds and names objects like them.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The objects with grid (and, when the size is known, pixel) boxes.</returns>
    /// <exception cref="ArgumentException">The examples are not that JSON, or an example image's size cannot be read.</exception>
    [KernelFunction("DetectObjects")]
    [Description("Finds objects in an image and returns a labelled bounding box for each (grid coordinates 0-1000, and pixels when the image size is known); labelled example images teach it new kinds of object.")]
    public async Task<DetectionResult> DetectObjectsAsync(
        [Description(ImageDescription)] string image,
        [Description("Comma-separated kinds of object to look for, such as 'car, person'; omit to find every object.")] string? categories = null,
        [Description("Optional labelled examples as JSON: [{\"image\":\"<image reference>\",\"boxes\":[{\"label\":\"widget\",\"x1\":10,\"y1\":20,\"x2\":60,\"y2\":80}]}], boxes in the example image's pixels.")] string? examples = null,
        CancellationToken cancellationToken = default)
    {
        var classes = VisionPrompts.Categories(categories);
        var turns = string.IsNullOrWhiteSpace(examples) ? null : await ExampleTurnsAsync(DetectionExamples.Parse(examples, nameof(examples)), classes, cancellationToken).ConfigureAwait(false);
        var (response, resolved) = await AskAsync(image, VisionPrompts.Detect(classes), null, PerceptronHints.Box, cancellationToken, turns).ConfigureAwait(false);
        var grounding = Grounded.From(response, resolved);
        return new DetectionResult(grounding.Image, grounding.Boxes, grounding.Answer, grounding.Reasoning);
    }

    /// <summary>Counts objects of one kind, with a point on each.</summary>
    /// <param name="image">The image reference (see <see cref="VisionPlugin"/>).</param>
    /// <param name="objects">What to count, such as <c>red circles</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count and the points.</returns>
    [KernelFunction("CountObjects")]
    [Description("Counts the objects of one kind in an image, placing a point on each one counted.")]
    public async Task<CountResult> CountObjectsAsync(
        [Description(ImageDescription)] string image,
        [Description("What to count, in plural, such as 'red circles' or 'people wearing hats'.")] string objects,
        CancellationToken cancellationToken = default)
    {
        var what = Required(objects, nameof(objects), "what to count, such as 'red circles'");
        var (response, resolved) = await AskAsync(image, null, VisionPrompts.Count(what), PerceptronHints.Point | PerceptronHints.Think, cancellationToken).ConfigureAwait(false);
        var grounding = Grounded.From(response, resolved);
        return new CountResult(grounding.Image, what, grounding.Points, grounding.Answer, grounding.Reasoning);
    }

    /// <summary>Finds objects and returns a labelled point on each.</summary>
    /// <param name="image">The image reference (see <see cref="VisionPlugin"/>).</param>
    /// <param name="categories">Comma-separated kinds of object to look for, or null for every object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The points.</returns>
    [KernelFunction("LocateObjects")]
    [Description("Finds objects in an image and returns one labelled point on each (grid coordinates 0-1000, and pixels when the image size is known).")]
    public async Task<LocationResult> LocateObjectsAsync(
        [Description(ImageDescription)] string image,
        [Description("Comma-separated kinds of object to look for, such as 'door, window'; omit to find every object.")] string? categories = null,
        CancellationToken cancellationToken = default)
    {
        var (response, resolved) = await AskAsync(image, VisionPrompts.Detect(VisionPrompts.Categories(categories)), null, PerceptronHints.Point, cancellationToken).ConfigureAwait(false);
        var grounding = Grounded.From(response, resolved);
        return new LocationResult(grounding.Image, grounding.Points, grounding.Answer, grounding.Reasoning);
    }

    /// <summary>Outlines objects with polygons.</summary>
    /// <param name="image">The image reference (see <see cref="VisionPlugin"/>).</param>
    /// <param name="categories">Comma-separated kinds of object to outline, or null for every object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The outlines.</returns>
    [KernelFunction("SegmentObjects")]
    [Description("Outlines objects in an image with polygons (grid coordinates 0-1000, and pixels when the image size is known).")]
    public async Task<SegmentationResult> SegmentObjectsAsync(
        [Description(ImageDescription)] string image,
        [Description("Comma-separated kinds of object to outline, such as 'road, building'; omit to outline every object.")] string? categories = null,
        CancellationToken cancellationToken = default)
    {
        var (response, resolved) = await AskAsync(image, VisionPrompts.Detect(VisionPrompts.Categories(categories)), null, PerceptronHints.Polygon, cancellationToken).ConfigureAwait(false);
        var grounding = Grounded.From(response, resolved);
        return new SegmentationResult(grounding.Image, grounding.Polygons, grounding.Answer, grounding.Reasoning);
    }

    /// <summary>Reads the text in an image (OCR).</summary>
    /// <param name="image">The image reference (see <see cref="VisionPlugin"/>).</param>
    /// <param name="format"><c>plain</c> (the default), <c>markdown</c> or <c>html</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentException">The format is not one of the three.</exception>
    [KernelFunction("ReadText")]
    [Description("Reads all the text in an image (OCR), as plain text, Markdown or HTML.")]
    public async Task<TextReadingResult> ReadTextAsync(
        [Description(ImageDescription)] string image,
        [Description("'plain' (default), 'markdown' to keep the document structure in Markdown, or 'html' for HTML markup.")] string? format = null,
        CancellationToken cancellationToken = default)
    {
        var mode = (format?.Trim().ToLowerInvariant()) switch
        {
            null or "" or "plain" or "text" => "plain",
            "markdown" or "md" => "markdown",
            "html" => "html",
            _ => throw new ArgumentException($"format must be 'plain', 'markdown' or 'html', not '{format}'.", nameof(format)),
        };
        var userText = mode switch
        {
            "markdown" => VisionPrompts.OcrMarkdown,
            "html" => VisionPrompts.OcrHtml,
            _ => null,
        };
        var (response, resolved) = await AskAsync(image, VisionPrompts.Ocr, userText, PerceptronHints.None, cancellationToken).ConfigureAwait(false);
        var grounding = Grounded.From(response, resolved);
        return new TextReadingResult(grounding.Image, mode, grounding.Answer, grounding.Reasoning);
    }

    /// <summary>Describes an image in a caption, with boxes on the objects it mentions.</summary>
    /// <param name="image">The image reference (see <see cref="VisionPlugin"/>).</param>
    /// <param name="detail"><c>concise</c> (the default) or <c>detailed</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The caption and boxes.</returns>
    /// <exception cref="ArgumentException">The detail is neither.</exception>
    [KernelFunction("DescribeImage")]
    [Description("Describes an image: a concise caption, or a detailed one covering key objects, relationships and context.")]
    public async Task<DescriptionResult> DescribeImageAsync(
        [Description(ImageDescription)] string image,
        [Description("'concise' (default) for a short caption, or 'detailed'.")] string? detail = null,
        CancellationToken cancellationToken = default)
    {
        var level = (detail?.Trim().ToLowerInvariant()) switch
        {
            null or "" or "concise" or "short" => "concise",
            "detailed" or "long" => "detailed",
            _ => throw new ArgumentException($"detail must be 'concise' or 'detailed', not '{detail}'.", nameof(detail)),
        };
        var prompt = level == "detailed" ? VisionPrompts.CaptionDetailed : VisionPrompts.CaptionConcise;
        var (response, resolved) = await AskAsync(image, null, prompt, PerceptronHints.Box, cancellationToken).ConfigureAwait(false);
        var grounding = Grounded.From(response, resolved);
        return new DescriptionResult(grounding.Image, level, grounding.Boxes, grounding.Answer, grounding.Reasoning);
    }

    /// <summary>Answers a question about an image, grounded in points, boxes or polygons when asked to.</summary>
    /// <param name="image">The image reference (see <see cref="VisionPlugin"/>).</param>
    /// <param name="question">The question.</param>
    /// <param name="expects">
    /// <c>text</c> (the default) for a plain answer, or <c>point</c>, <c>box</c> or <c>polygon</c> for an answer that marks
    /// what it talks about (sent as the matching hint, as the vendor SDK's <c>question(..., expects=...)</c> does).
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer and anything it pointed at.</returns>
    /// <exception cref="ArgumentException">The expectation is none of the four.</exception>
    [KernelFunction("AskAboutImage")]
    [Description("Answers a free-form question about an image; can mark what the answer talks about with points, boxes or polygons.")]
    public async Task<ImageAnswerResult> AskAboutImageAsync(
        [Description(ImageDescription)] string image,
        [Description("The question about the image.")] string question,
        [Description("'text' (default) for a plain answer, or 'point', 'box' or 'polygon' to mark in the image what the answer refers to.")] string? expects = null,
        CancellationToken cancellationToken = default)
    {
        var asked = Required(question, nameof(question), "the question to ask about the image");
        var hints = (expects?.Trim().ToLowerInvariant()) switch
        {
            null or "" or "text" => PerceptronHints.None,
            "point" or "points" => PerceptronHints.Point,
            "box" or "boxes" => PerceptronHints.Box,
            "polygon" or "polygons" => PerceptronHints.Polygon,
            _ => throw new ArgumentException($"expects must be 'text', 'point', 'box' or 'polygon', not '{expects}'.", nameof(expects)),
        };
        var (response, resolved) = await AskAsync(image, null, asked, hints, cancellationToken).ConfigureAwait(false);
        var grounding = Grounded.From(response, resolved);
        return new ImageAnswerResult(grounding.Image, asked, grounding.Boxes, grounding.Points, grounding.Polygons, grounding.Answer, grounding.Reasoning);
    }

    private static string Required(string? value, string name, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} is required: give {what}.", name) : value.Trim();

    private async Task<List<ChatMessage>> ExampleTurnsAsync(IReadOnlyList<DetectionExample> examples, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        var conversation = FunctionInvokingChatClient.CurrentContext?.Messages;
        var resolved = new List<(DetectionExample, AIContent, ImageSize)>(examples.Count);
        foreach (var example in examples)
        {
            var image = await _resolver.ResolveAsync(example.Image, conversation, cancellationToken).ConfigureAwait(false);
            var size = image.Size ?? throw new ArgumentException(
                $"The size of example image '{example.Image}' cannot be read (a URL is not downloaded): give a file, a registered image or a data URL, so its pixel boxes can be placed.", "examples");
            resolved.Add((example, image.Content, size));
        }

        return DetectionExamples.Turns(resolved, classes);
    }

    private async Task<(ChatResponse Response, ResolvedImage Image)> AskAsync(
        string image, string? system, string? userText, PerceptronHints hints, CancellationToken cancellationToken, List<ChatMessage>? exampleTurns = null)
    {
        // Under automatic function calling the conversation is at hand, so 'latest' can mean the image the user just sent.
        var conversation = FunctionInvokingChatClient.CurrentContext?.Messages;
        var resolved = await _resolver.ResolveAsync(image, conversation, cancellationToken).ConfigureAwait(false);

        var messages = new List<ChatMessage>(2 + (exampleTurns?.Count ?? 0));
        if (system is not null)
        {
            messages.Add(new ChatMessage(ChatRole.System, system));
        }

        if (exampleTurns is not null)
        {
            messages.AddRange(exampleTurns);
        }

        messages.Add(new ChatMessage(ChatRole.User, userText is null ? [resolved.Content] : [resolved.Content, new Microsoft.Extensions.AI.TextContent(userText)]));
        var options = new ChatOptions { ModelId = _options.ModelId };
        if (hints != PerceptronHints.None)
        {
            options.WithHints(hints);
        }

        var response = await _client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        return (response, resolved);
    }
}
