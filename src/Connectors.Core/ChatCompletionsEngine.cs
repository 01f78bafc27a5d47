using System.Buffers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Core.Errors;
using Connectors.Core.Http;
using Connectors.Core.Requests;
using Connectors.Core.Responses;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core;

/// <summary>Sends chat-completions requests and reads JSON and SSE replies; shared by every dialect.</summary>
internal sealed class ChatCompletionsEngine : IDisposable
{
    private const int MaxErrorBodyChars = 64 * 1024;
    private static readonly HttpClient SharedHttpClient = CreateSharedHttpClient();

    private readonly HttpClient _http;
    private readonly ChatCompletionsDialect _dialect;
    private readonly Uri _chatUri;
    private readonly RequestPolicy _policy;

    public ChatCompletionsEngine(ChatCompletionsDialect dialect, HttpClient? httpClient)
    {
        _dialect = dialect;
        _http = httpClient ?? SharedHttpClient;
        _chatUri = Resolve(dialect.Endpoint, dialect.ChatPath);
        _policy = new RequestPolicy(dialect.Resilience, dialect.ProviderName);
    }

    public void Dispose() => _policy.Dispose();

    public ChatCompletionsDialect Dialect => _dialect;

    public async Task<ChatResponse> GetResponseAsync(IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var context = new ChatRequestContext(AsList(messages), options, streaming: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_dialect.RequestTimeout);
        try
        {
            var body = CreateBody(client, context);
            using var response = await SendChatAsync(body, context, timeout.Token).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                ChatCompletionResponse? wire;
                try
                {
                    wire = await ReadReplyAsync(stream, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException)
                {
                    // InvalidOperationException: strings holding invalid UTF-8.
                    throw new ChatServiceException($"{_dialect.ProviderName} returned a reply that is not chat-completions JSON: {e.Message}", response.StatusCode, e) { ProviderName = _dialect.ProviderName, RequestId = RequestIdOf(response) };
                }
                catch (IOException e)
                {
                    // The connection broke while the body was read: nothing reached the caller, so trying again is safe.
                    throw new ChatServiceException(_dialect.Redact($"The {_dialect.ProviderName} reply broke off before it was complete: {e.Message}"), response.StatusCode, e) { ProviderName = _dialect.ProviderName, RequestId = RequestIdOf(response), IsRetryable = true };
                }

                if (wire is null)
                {
                    throw new ChatServiceException($"{_dialect.ProviderName} returned an empty reply.", response.StatusCode) { ProviderName = _dialect.ProviderName, RequestId = RequestIdOf(response) };
                }

                if (wire.Error is { ValueKind: JsonValueKind.Object or JsonValueKind.String } error)
                {
                    throw ErrorFactory.FromErrorPayload(_dialect.ProviderName, error, RequestIdOf(response), _dialect.Redact);
                }

                try
                {
                    WireShape.Check(wire);
                    var chatResponse = ResponseMapper.ToChatResponse(wire);
                    _dialect.OnResponse(chatResponse, wire, context);
                    return chatResponse;
                }
                catch (InvalidOperationException e) when (IsInvalidUtf8(e))
                {
                    throw new ChatServiceException($"{_dialect.ProviderName} returned a reply with invalid UTF-8 text.", response.StatusCode, e) { ProviderName = _dialect.ProviderName, RequestId = RequestIdOf(response) };
                }
                catch (Exception e) when (IsMappingFailure(e))
                {
                    throw new ChatServiceException(_dialect.Redact($"{_dialect.ProviderName} returned a reply the client could not interpret ({e.GetType().Name}: {e.Message})."), response.StatusCode, e) { ProviderName = _dialect.ProviderName, RequestId = RequestIdOf(response) };
                }
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new ChatTimeoutException($"{_dialect.ProviderName} did not answer within {_dialect.RequestTimeout.TotalSeconds:0} s.", e) { IsRetryable = true, ProviderName = _dialect.ProviderName };
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var context = new ChatRequestContext(AsList(messages), options, streaming: true);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_dialect.RequestTimeout);
        var body = CreateBody(client, context);
        HttpResponseMessage response;
        Stream stream;
        try
        {
            response = await SendChatAsync(body, context, timeout.Token).ConfigureAwait(false);
            stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new ChatTimeoutException($"{_dialect.ProviderName} did not start answering within {_dialect.RequestTimeout.TotalSeconds:0} s.", e) { IsRetryable = true, ProviderName = _dialect.ProviderName };
        }

        using var _ = response;
        await using var __ = stream.ConfigureAwait(false);
        var builder = new StreamingUpdateBuilder();
        var interpreter = _dialect.CreateStreamInterpreter(context);
        var otherChoices = new List<ChatResponseUpdate>();
        var requestId = RequestIdOf(response);
        var items = SseParser.Create(stream, new SseChunkParser().ParseEvent).EnumerateAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        await using var ___ = items.ConfigureAwait(false);
        var done = false;
        List<AIContent>? pending = null;
        var (idleWindow, rearmMs) = IdleTimer(_dialect.StreamIdleTimeout);
        long? armedAt = null;
        while (true)
        {
            // Re-arming the timer per chunk cost more than parsing the chunk: re-arm once per rearmMs with the
            // window widened by as much, so a silent stream still fails no earlier than StreamIdleTimeout.
            var now = Environment.TickCount64;
            if (armedAt is null || now - armedAt.Value >= rearmMs)
            {
                timeout.CancelAfter(idleWindow);
                armedAt = now;
            }

            SseChunk chunk;
            try
            {
                if (!await items.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }

                chunk = items.Current.Data;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
            {
                throw new ChatTimeoutException($"The {_dialect.ProviderName} stream was silent for {_dialect.StreamIdleTimeout.TotalSeconds:0} s.", e) { ProviderName = _dialect.ProviderName };
            }
            catch (Exception e) when (e is HttpRequestException or IOException && e is not ChatServiceException)
            {
                throw new ChatStreamException(_dialect.Redact($"The {_dialect.ProviderName} stream broke off: {e.Message}"), e) { ProviderName = _dialect.ProviderName, RequestId = requestId };
            }

            if (chunk.IsDone)
            {
                done = true;
                break;
            }

            if (chunk.Error is { } parseError)
            {
                throw new ChatStreamException($"{_dialect.ProviderName} sent a stream event that is not chat-completions JSON: {parseError.Message}", parseError) { ProviderName = _dialect.ProviderName, RequestId = requestId };
            }

            var wire = chunk.Value!;
            if (wire.Error is { ValueKind: JsonValueKind.Object or JsonValueKind.String } error)
            {
                throw ErrorFactory.FromErrorPayload(_dialect.ProviderName, error, requestId, _dialect.Redact);
            }

            otherChoices.Clear();
            ChatResponseUpdate update;
            try
            {
                WireShape.Check(wire);
                update = builder.FromChunk(wire, otherChoices);
                interpreter?.OnChunk(wire, update);
            }
            catch (InvalidOperationException e) when (IsInvalidUtf8(e))
            {
                throw new ChatStreamException($"{_dialect.ProviderName} sent a stream event with invalid UTF-8 text.", e) { ProviderName = _dialect.ProviderName, RequestId = requestId };
            }
            catch (Exception e) when (IsMappingFailure(e))
            {
                throw UninterpretableEvent(e, requestId);
            }

            if (builder.IsPreamble)
            {
                (pending ??= []).AddRange(update.Contents);
                continue;
            }

            if (pending is not null)
            {
                for (var i = pending.Count - 1; i >= 0; i--)
                {
                    update.Contents.Insert(0, pending[i]);
                }

                pending = null;
            }

            if (update.Contents.Count > 0 || update.FinishReason is not null && wire.Choices is { Length: > 0 })
            {
                yield return update;
            }

            foreach (var other in otherChoices)
            {
                yield return other;
            }

            if (builder.RawFinishReason == "error")
            {
                throw new ChatStreamException($"{_dialect.ProviderName} ended the stream with finish_reason \"error\": the answer is incomplete.") { ProviderName = _dialect.ProviderName, RequestId = requestId };
            }
        }

        if (!done)
        {
            throw new ChatStreamException($"The {_dialect.ProviderName} stream ended without [DONE]: the response was cut off and is incomplete.") { ProviderName = _dialect.ProviderName, RequestId = requestId, IsRetryable = true };
        }

        ChatResponseUpdate last;
        try
        {
            last = builder.Complete();
            for (var i = (pending?.Count ?? 0) - 1; i >= 0; i--)
            {
                last.Contents.Insert(0, pending![i]);
            }

            interpreter?.OnCompleted(last);
        }
        catch (Exception e) when (IsMappingFailure(e))
        {
            throw UninterpretableEvent(e, requestId);
        }

        if (last.Contents.Count > 0)
        {
            yield return last;
        }
    }

    /// <summary>
    /// Reads the whole reply into a pooled buffer, then deserializes it in one synchronous pass: the async
    /// deserializer re-reads a long string (the answer) each time its buffer grows, which cost a third of the call.
    /// </summary>
    private static async Task<ChatCompletionResponse?> ReadReplyAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return JsonSerializer.Deserialize(buffer.AsSpan(0, length), CoreJsonContext.Default.ChatCompletionResponse);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>GETs a JSON document relative to the endpoint (model listings).</summary>
    public async Task<JsonDocument> GetJsonAsync(string relativePath, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_dialect.RequestTimeout);
        try
        {
            using var response = await _policy.ExecuteAsync(
                static async (state, token) =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, Resolve(state.Self._dialect.Endpoint, state.Path));
                    state.Self._dialect.ApplyHeaders(request, new ChatRequestContext([], null, streaming: false));
                    return await state.Self.SendAsync(request, token).ConfigureAwait(false);
                },
                (Self: this, Path: relativePath),
                timeout.Token).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                try
                {
                    return await JsonDocument.ParseAsync(stream, default, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is JsonException or IOException)
                {
                    throw new ChatServiceException(_dialect.Redact($"{_dialect.ProviderName} returned a reply to {relativePath} that is not complete JSON: {e.Message}"), response.StatusCode, e)
                    {
                        ProviderName = _dialect.ProviderName,
                        RequestId = RequestIdOf(response),
                        IsRetryable = e is IOException,
                    };
                }
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new ChatTimeoutException($"{_dialect.ProviderName} did not answer {relativePath} within {_dialect.RequestTimeout.TotalSeconds:0} s.", e) { IsRetryable = true, ProviderName = _dialect.ProviderName };
        }
    }

    private (ChatCompletionRequest Request, JsonObject? Overrides) CreateBody(IChatClient client, ChatRequestContext context) =>
        (RequestBuilder.Build(_dialect, context), RawOverrides(client, context.Options));

    private ValueTask<HttpResponseMessage> SendChatAsync((ChatCompletionRequest Request, JsonObject? Overrides) body, ChatRequestContext context, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync(
            static async (state, token) =>
            {
                // A fresh message per attempt: a request cannot be sent twice, but its body can be written again.
                using var request = new HttpRequestMessage(HttpMethod.Post, state.Self._chatUri) { Content = new JsonRequestContent(state.Body.Request, state.Body.Overrides) };
                request.Headers.Accept.ParseAdd(state.Context.Streaming ? "text/event-stream" : "application/json");
                state.Self._dialect.ApplyHeaders(request, state.Context);
                return await state.Self.SendAsync(request, token).ConfigureAwait(false);
            },
            (Self: this, Body: body, Context: context),
            cancellationToken);

    private static JsonObject? RawOverrides(IChatClient client, ChatOptions? options) =>
        options?.RawRepresentationFactory?.Invoke(client) switch
        {
            null => null,
            JsonObject node => node,
            JsonElement { ValueKind: JsonValueKind.Object } element => JsonObject.Create(element),
            var other => throw new NotSupportedException(
                $"ChatOptions.RawRepresentationFactory returned a {other.GetType().Name}; return a System.Text.Json.Nodes.JsonObject holding the request fields to send."),
        };

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e is not ChatServiceException)
        {
            throw new ChatServiceException(_dialect.Redact($"Could not reach {_dialect.ProviderName} at {_dialect.Endpoint}: {e.Message}"), null, e)
            {
                ProviderName = _dialect.ProviderName,
                IsRetryable = true,
            };
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
            throw ErrorFactory.FromResponse(_dialect.ProviderName, response.StatusCode, response.Headers, body, _dialect.Redact);
        }
    }

    private static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            var buffer = new char[MaxErrorBodyChars];
            var read = await reader.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
            return new string(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return string.Empty; // the status alone still makes a clear error
        }
    }

    /// <summary>
    /// Whether mapping failed on the service's data: a shape <see cref="WireShape"/> refuses, or a value the
    /// framework rejects while it is mapped (a blank role, a malformed number). Service data must end in a typed
    /// error, with the original as its inner exception. Null references and bad indexes are not in the list: the
    /// mappers are written not to make them, so one is a bug to see, not a reply to report.
    /// </summary>
    private static bool IsMappingFailure(Exception e) =>
        e is InvalidDataException or ArgumentException or InvalidOperationException or FormatException or OverflowException;

    private ChatStreamException UninterpretableEvent(Exception e, string? requestId) =>
        new(_dialect.Redact($"{_dialect.ProviderName} sent a stream event the client could not interpret ({e.GetType().Name}: {e.Message}): the answer is incomplete."), e)
        {
            ProviderName = _dialect.ProviderName,
            RequestId = requestId,
        };

    /// <summary>Whether a lazily read JSON value held bytes that are not UTF-8 (System.Text.Json reports it this way).</summary>
    private static bool IsInvalidUtf8(InvalidOperationException e) => e.InnerException is System.Text.DecoderFallbackException;
    /// <summary>The idle window to arm and how often (ms) to re-arm it: an eighth of the timeout, at most a second.</summary>
    internal static (TimeSpan Window, long RearmMs) IdleTimer(TimeSpan idle)
    {
        if (idle == Timeout.InfiniteTimeSpan || idle > TimeSpan.FromDays(1))
        {
            return (idle, long.MaxValue);
        }

        var rearm = Math.Min(1000, (long)idle.TotalMilliseconds / 8);
        return (idle + TimeSpan.FromMilliseconds(rearm), rearm);
    }

    private static string? RequestIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-trace-id", out var trace) ? trace.FirstOrDefault()
        : response.Headers.TryGetValues("x-request-id", out var id) ? id.FirstOrDefault()
        : null;

    private static IReadOnlyList<ChatMessage> AsList(IEnumerable<ChatMessage> messages) =>
        messages as IReadOnlyList<ChatMessage> ?? [.. messages];

    internal static Uri Resolve(Uri endpoint, string relativePath)
    {
        var text = endpoint.ToString();
        return new Uri(text.EndsWith('/') ? endpoint : new Uri(text + "/"), relativePath);
    }

    private static HttpClient CreateSharedHttpClient() => new(new SocketsHttpHandler
    {
        // Recycle pooled connections so DNS changes are seen; timeouts are applied per request.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
