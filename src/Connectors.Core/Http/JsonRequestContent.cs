using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Core.Wire;

namespace Connectors.Core.Http;

/// <summary>
/// Serializes the request straight into the request stream, so large images are encoded once and never
/// held as a second copy. With a caller-supplied raw request, the caller's fields win over typed options.
/// </summary>
internal sealed class JsonRequestContent : HttpContent
{
    private readonly ChatCompletionRequest _request;
    private readonly JsonObject? _overrides;

    public JsonRequestContent(ChatCompletionRequest request, JsonObject? overrides)
    {
        _request = request;
        _overrides = overrides;
        Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_overrides is null)
        {
            await JsonSerializer.SerializeAsync(stream, _request, CoreJsonContext.Wire.ChatCompletionRequest, cancellationToken).ConfigureAwait(false);
            return;
        }

        var merged = (JsonObject)JsonSerializer.SerializeToNode(_request, CoreJsonContext.Wire.ChatCompletionRequest)!;
        foreach (var (name, value) in _overrides)
        {
            merged[name] = value?.DeepClone();
        }

        var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = CoreJsonContext.Wire.Options.Encoder });
        await using var _ = writer.ConfigureAwait(false);
        merged.WriteTo(writer);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
