using Microsoft.Extensions.AI;

namespace Connectors.Cli.Mcp;

/// <summary>
/// Sits between the vision plugin and Perceptron and remembers, for the tool call in progress, the image the plugin
/// sent and the answer it got: the annotated PNG is drawn on exactly those bytes, whatever the image reference was.
/// </summary>
internal sealed class ImageCapture : DelegatingChatClient
{
    private static readonly AsyncLocal<Exchange?> Current = new();

    public ImageCapture(IChatClient inner)
        : base(inner)
    {
    }

    /// <summary>Starts recording for the calls made in this async flow; read the record after the call returns.</summary>
    public static Exchange Begin() => Current.Value = new Exchange();

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        if (Current.Value is { } exchange)
        {
            exchange.Image = list.SelectMany(static m => m.Contents).OfType<DataContent>().FirstOrDefault(static d => d.HasTopLevelMediaType("image"));
            exchange.Response = response;
        }

        return response;
    }

    /// <summary>What one tool call sent and received.</summary>
    internal sealed class Exchange
    {
        /// <summary>The image sent as bytes; null when none was, or when a URL was passed through.</summary>
        public DataContent? Image { get; set; }

        /// <summary>Perceptron's answer.</summary>
        public ChatResponse? Response { get; set; }
    }
}
