using System.Buffers;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Core.Errors;
using Connectors.Core.Http;
using Connectors.Core.Profiles;
using Connectors.Core.Requests;
using Connectors.Core.Responses;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connectors.Core;

/// <summary>
/// Sends chat-completions requests and reads JSON and SSE replies for any service, by its
/// <see cref="ChatServiceProfile"/>; each public client is this engine, a profile and its own typed surface.
/// </summary>
internal sealed class ChatCompletionsEngine : IDisposable
{
    /// <summary>The key of the call's request id in the reply's and each update's <c>AdditionalProperties</c>.</summary>
    public const string RequestIdKey = "request_id";

    private const int MaxErrorBodyChars = 64 * 1024;

    /// <summary>The largest whole reply read (after decompression): a longer one is broken or hostile.</summary>
    internal const int MaxReplyBytes = 32 * 1024 * 1024;

    /// <summary>The longest line of a stream (one event's data): the SSE parser would otherwise buffer it all.</summary>
    internal const int MaxEventBytes = 16 * 1024 * 1024;
    private static readonly HttpClient SharedHttpClient = CreateSharedHttpClient();

    private readonly HttpClient _http;
    private readonly ChatServiceProfile _profile;
    private readonly ServiceTransport _transport;
    private readonly string _provider;
    private readonly Uri _chatUri;
    private readonly RequestPolicy _policy;
    private readonly ILogger _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _renamedWarned = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlySet<string>> _listedCapabilities = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Model, string Capability), byte> _capabilityWarned = new();

    public ChatCompletionsEngine(ChatServiceProfile profile, HttpClient? httpClient, ILogger? logger = null)
    {
        _profile = profile;
        _transport = profile.Transport;
        _provider = profile.ProviderName;
        _http = httpClient ?? SharedHttpClient;
        _chatUri = Resolve(_transport.Endpoint, _transport.ChatPath);
        _policy = new RequestPolicy(_transport.Resilience, _provider, _transport.Time);
        _logger = logger ?? NullLogger.Instance;
        Metadata = new ChatClientMetadata(_provider, _transport.Endpoint, profile.DefaultModelId);
    }

    public void Dispose() => _policy.Dispose();

    public ChatServiceProfile Profile => _profile;

    public ChatClientMetadata Metadata { get; }

    public async Task<ChatResponse> GetResponseAsync(IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var call = NewCall(messages, options, streaming: false);
        var interpreter = _profile.Interpreter?.Invoke(call);
        using var deadline = new CallDeadline(_transport.Time, _transport.RequestTimeout, cancellationToken);
        try
        {
            var body = CreateBody(client, call);
            using var response = await SendChatAsync(body, call, deadline, deadline.Token).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await ReadWholeReplyAsync(response, stream, call, interpreter, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && deadline.Expired)
        {
            throw new ChatTimeoutException($"{_provider} did not answer within {Seconds(_transport.RequestTimeout)} (RequestTimeout).", e) { IsRetryable = true, ProviderName = _provider };
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        if (!_transport.StreamsToolCalls && options?.Tools is { Count: > 0 })
        {
            return ReplayWholeReplyAsync(client, messages, options, cancellationToken);
        }

        // Only a service that restarts answers inside a stream needs the restart layer; the others stream directly
        // (each layer of async iteration costs every update).
        return _transport.NewChunkIdRestartsAnswer && _transport.Resilience is { RetriesEnabled: true, MaxRetries: > 0 }
            ? StreamWithRestartsAsync(client, messages, options, cancellationToken)
            : StreamOnceAsync(client, messages, options, cancellationToken);
    }

    /// <summary>The service's stream breaks on tool-call fragments: ask for the whole reply and replay it as updates.</summary>
    private async IAsyncEnumerable<ChatResponseUpdate> ReplayWholeReplyAsync(
        IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reply = await GetResponseAsync(client, messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in reply.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <summary>
    /// A stream that fails retryably before any update reached the caller (the server restarted the answer) is
    /// asked for again, like a failed request; once the caller has text, a restart would duplicate it, so the
    /// error surfaces.
    /// </summary>
    private async IAsyncEnumerable<ChatResponseUpdate> StreamWithRestartsAsync(
        IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var retries = _transport.Resilience.MaxRetries;
        for (var attempt = 0; ; attempt++)
        {
            var updates = StreamOnceAsync(client, messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using var _ = updates.ConfigureAwait(false);
            var delivered = false;
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (ChatStreamException e) when (e.IsRetryable && !delivered && attempt < retries && !cancellationToken.IsCancellationRequested)
                {
                    _logger.LogDebug("The {Provider} stream failed before any update ({Message}); asking again.", _provider, e.Message);
                    break;
                }

                delivered = true;
                yield return updates.Current;
            }
        }
    }

    private async IAsyncEnumerable<ChatResponseUpdate> StreamOnceAsync(
        IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var call = NewCall(messages, options, streaming: true);
        var interpreter = _profile.Interpreter?.Invoke(call);
        using var deadline = new CallDeadline(_transport.Time, _transport.RequestTimeout, cancellationToken);
        var body = CreateBody(client, call);
        HttpResponseMessage response;
        Stream stream;
        try
        {
            response = await SendChatAsync(body, call, deadline, deadline.Token).ConfigureAwait(false);
            stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && deadline.Expired)
        {
            throw new ChatTimeoutException($"{_provider} did not start answering within {Seconds(_transport.RequestTimeout)} (RequestTimeout).", e) { IsRetryable = true, ProviderName = _provider };
        }

        using var _ = response;
        await using var __ = stream.ConfigureAwait(false);
        switch (response.Content.Headers.ContentType?.MediaType)
        {
            case null or "text/event-stream":
                break;
            case "application/json":
                // A whole reply (or an error) to a streamed request: read it as one, and hand it out as updates.
                ChatResponse whole;
                try
                {
                    whole = await ReadWholeReplyAsync(response, stream, call, interpreter, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && deadline.Expired)
                {
                    throw new ChatTimeoutException($"{_provider} did not answer within {Seconds(_transport.RequestTimeout)} (RequestTimeout).", e) { ProviderName = _provider };
                }

                foreach (var update in whole.ToChatResponseUpdates())
                {
                    yield return update;
                }

                yield break;
            case var other:
                throw new ChatStreamException($"{_provider} answered a streamed request with '{other}', not an event stream: check the endpoint (a proxy or login page may be answering).")
                {
                    ProviderName = _provider,
                    RequestId = RequestIdOf(response),
                };
        }

        stream = new LineLimitedStream(stream, MaxEventBytes);
        var builder = new StreamingUpdateBuilder();
        var otherChoices = new List<ChatResponseUpdate>();
        var requestId = RequestIdOf(response);
        var parser = new SseChunkParser();
        var items = SseParser.Create(stream, parser.ParseEvent).EnumerateAsync(deadline.Token).GetAsyncEnumerator(deadline.Token);
        await using var ___ = items.ConfigureAwait(false);
        var done = false;
        List<AIContent>? pending = null;
        string? firstChunkId = null;
        // The idle timer is a watchdog on the deadline's clock: each event only counts (no clock read, no timer
        // re-armed: both cost more per chunk than reading it). Events (even empty ones) feed it, never the total.
        deadline.WatchIdle(_transport.StreamIdleTimeout);
        while (true)
        {
            deadline.Pulse();
            SseChunk chunk;
            try
            {
                if (!await items.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }

                chunk = items.Current.Data;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && deadline.Expired)
            {
                throw deadline.TotalExpired
                    ? new ChatTimeoutException($"The {_provider} stream did not finish within {Seconds(_transport.RequestTimeout)} (RequestTimeout bounds the whole call, streamed or not): the answer is incomplete.", e) { ProviderName = _provider, RequestId = requestId }
                    : new ChatTimeoutException($"The {_provider} stream was silent for {Seconds(_transport.StreamIdleTimeout)} (StreamIdleTimeout): the answer is incomplete.", e) { ProviderName = _provider, RequestId = requestId };
            }
            catch (Exception e) when (e is HttpRequestException or IOException or SocketException && e is not ChatServiceException)
            {
                throw new ChatStreamException(_transport.Redact($"The {_provider} stream broke off: {e.Message}"), e) { ProviderName = _provider, RequestId = requestId };
            }
            catch (InvalidDataException e)
            {
                // The content decoder (gzip, brotli) refused the bytes: what came is not the stream that was sent.
                throw new ChatStreamException(_transport.Redact($"The {_provider} stream could not be decoded: {e.Message}"), e) { ProviderName = _provider, RequestId = requestId };
            }

            if (chunk.Kind == SseChunkKind.Done)
            {
                done = true;
                break;
            }

            if (chunk.Error is { } parseError)
            {
                throw new ChatStreamException($"{_provider} sent a stream event that is not chat-completions JSON: {parseError.Message}", parseError) { ProviderName = _provider, RequestId = requestId };
            }

            ChatCompletionResponse? wire = null;
            ChatResponseUpdate update;
            otherChoices.Clear();
            if (_transport.NewChunkIdRestartsAnswer
                && (chunk.Kind == SseChunkKind.Delta ? parser.Delta.Id : chunk.Value?.Id) is { Length: > 0 } chunkId
                && (firstChunkId ??= chunkId) != chunkId)
            {
                throw new ChatStreamException($"{_provider} restarted the answer mid-stream (a new chunk id): the text so far would be repeated, so the stream ends here.")
                {
                    ProviderName = _provider,
                    RequestId = requestId,
                    IsRetryable = true,
                };
            }

            try
            {
                if (chunk.Kind == SseChunkKind.Delta)
                {
                    update = builder.FromDelta(in parser.Delta);
                }
                else
                {
                    wire = chunk.Value!;
                    if (wire.Error is { ValueKind: JsonValueKind.Object or JsonValueKind.String } error)
                    {
                        throw ErrorFactory.FromErrorPayload(_provider, error, requestId, _transport.Redact);
                    }

                    WireShape.Check(wire);
                    update = builder.FromChunk(wire, otherChoices);
                }

                if (interpreter is not null)
                {
                    interpreter.Interpret(new ReplyPiece(0, update.Contents, wire, IsLast: false));
                    foreach (var other in otherChoices)
                    {
                        interpreter.Interpret(new ReplyPiece((int)other.AdditionalProperties![StreamingUpdateBuilder.ChoiceIndexKey]!, other.Contents, wire, IsLast: false));
                    }
                }
            }
            catch (InvalidOperationException e) when (IsInvalidUtf8(e))
            {
                throw new ChatStreamException($"{_provider} sent a stream event with invalid UTF-8 text.", e) { ProviderName = _provider, RequestId = requestId };
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

            if (update.Contents.Count > 0 || update.FinishReason is not null && (chunk.Kind == SseChunkKind.Delta ? parser.Delta.HasChoice : wire!.Choices is { Length: > 0 }))
            {
                yield return Stamp(update, call);
            }

            foreach (var other in otherChoices)
            {
                yield return Stamp(other, call);
            }

            if (builder.RawFinishReason == "error")
            {
                throw new ChatStreamException($"{_provider} ended the stream with finish_reason \"error\": the answer is incomplete.") { ProviderName = _provider, RequestId = requestId };
            }
        }

        if (!done)
        {
            throw new ChatStreamException($"The {_provider} stream ended without [DONE]: the response was cut off and is incomplete.") { ProviderName = _provider, RequestId = requestId, IsRetryable = true };
        }

        ChatResponseUpdate last;
        try
        {
            last = builder.Complete();
            for (var i = (pending?.Count ?? 0) - 1; i >= 0; i--)
            {
                last.Contents.Insert(0, pending![i]);
            }

            interpreter?.Interpret(new ReplyPiece(0, last.Contents, null, IsLast: true));
        }
        catch (Exception e) when (IsMappingFailure(e))
        {
            throw UninterpretableEvent(e, requestId);
        }

        if (last.Contents.Count > 0)
        {
            yield return Stamp(last, call);
        }
    }

    /// <summary>Reads and interprets a whole (non-streamed) reply; also what a streamed request answered with JSON gets.</summary>
    private async Task<ChatResponse> ReadWholeReplyAsync(HttpResponseMessage response, Stream stream, ChatCall call, ReplyInterpreter? interpreter, CancellationToken cancellationToken)
    {
        ChatCompletionResponse? wire;
        try
        {
            wire = await ReadReplyAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or InvalidDataException)
        {
            // InvalidOperationException: strings holding invalid UTF-8; InvalidDataException: past the size limit.
            throw new ChatServiceException($"{_provider} returned a reply that is not chat-completions JSON: {e.Message}", response.StatusCode, e) { ProviderName = _provider, RequestId = RequestIdOf(response) };
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // The connection broke while the body was read: nothing reached the caller, so trying again is safe.
            throw new ChatServiceException(_transport.Redact($"The {_provider} reply broke off before it was complete: {e.Message}"), response.StatusCode, e) { ProviderName = _provider, RequestId = RequestIdOf(response), IsRetryable = true };
        }

        if (wire is null)
        {
            throw new ChatServiceException($"{_provider} returned an empty reply.", response.StatusCode) { ProviderName = _provider, RequestId = RequestIdOf(response) };
        }

        if (wire.Error is { ValueKind: JsonValueKind.Object or JsonValueKind.String } error)
        {
            throw ErrorFactory.FromErrorPayload(_provider, error, RequestIdOf(response), _transport.Redact);
        }

        try
        {
            WireShape.Check(wire);
            var chatResponse = ResponseMapper.ToChatResponse(wire);
            if (interpreter is not null)
            {
                Interpret(interpreter, chatResponse, wire);
            }

            if (call.RequestId is { } id)
            {
                (chatResponse.AdditionalProperties ??= [])[RequestIdKey] = id;
            }

            return chatResponse;
        }
        catch (InvalidOperationException e) when (IsInvalidUtf8(e))
        {
            throw new ChatServiceException($"{_provider} returned a reply with invalid UTF-8 text.", response.StatusCode, e) { ProviderName = _provider, RequestId = RequestIdOf(response) };
        }
        catch (Exception e) when (IsMappingFailure(e))
        {
            throw new ChatServiceException(_transport.Redact($"{_provider} returned a reply the client could not interpret ({e.GetType().Name}: {e.Message})."), response.StatusCode, e) { ProviderName = _provider, RequestId = RequestIdOf(response) };
        }
    }

    /// <summary>
    /// Reads the whole reply into a pooled buffer, then deserializes it in one synchronous pass: the async
    /// deserializer re-reads a long string (the answer) each time its buffer grows, which cost a third of the call.
    /// </summary>
    private static Task<ChatCompletionResponse?> ReadReplyAsync(Stream stream, CancellationToken cancellationToken) =>
        ReadBoundedAsync(stream, static bytes => JsonSerializer.Deserialize(bytes.Span, CoreJsonContext.Default.ChatCompletionResponse), cancellationToken);

    /// <summary>Reads a whole body of at most <see cref="MaxReplyBytes"/> into a pooled buffer and parses it in one pass.</summary>
    private static async Task<T> ReadBoundedAsync<T>(Stream stream, Func<ReadOnlyMemory<byte>, T> parse, CancellationToken cancellationToken)
    {
        // Read into pooled chunks of growing size, never copying while reading: a reply cut at the limit has cost the
        // limit, not twice it. A reply of one chunk (the usual case) is parsed in place; more are joined once.
        var chunks = new List<byte[]>(4) { ArrayPool<byte>.Shared.Rent(16 * 1024) };
        var length = 0;
        var filled = 0; // bytes in the last chunk
        try
        {
            while (true)
            {
                var last = chunks[^1];
                if (filled == last.Length)
                {
                    if (length >= MaxReplyBytes)
                    {
                        throw new InvalidDataException($"the reply is larger than {MaxReplyBytes / (1024 * 1024)} MB");
                    }

                    last = ArrayPool<byte>.Shared.Rent(Math.Min(last.Length * 2, 4 * 1024 * 1024));
                    chunks.Add(last);
                    filled = 0;
                }

                var read = await stream.ReadAsync(last.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                length += read;
            }

            if (chunks.Count == 1)
            {
                return parse(chunks[0].AsMemory(0, length));
            }

            var whole = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var at = 0;
                for (var c = 0; c < chunks.Count; c++)
                {
                    var n = c == chunks.Count - 1 ? filled : chunks[c].Length;
                    chunks[c].AsSpan(0, n).CopyTo(whole.AsSpan(at));
                    at += n;
                }

                return parse(whole.AsMemory(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(whole);
            }
        }
        finally
        {
            foreach (var chunk in chunks)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }

    /// <summary>GETs a JSON document relative to the endpoint (model listings).</summary>
    public Task<JsonDocument> GetJsonAsync(string relativePath, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Get, relativePath, (Func<HttpContent>?)null, cancellationToken);

    /// <summary>
    /// Sends a request beside chat (models, embeddings, files) with the service's headers, retries, rate limit and
    /// deadline, and reads the reply as JSON; a failure is the same typed error a chat call would raise.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="relativePath">The path relative to the endpoint, with its query.</param>
    /// <param name="body">The JSON body (sent with its <c>Content-Length</c>), or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<JsonDocument> SendJsonAsync(HttpMethod method, string relativePath, byte[]? body, CancellationToken cancellationToken) =>
        SendJsonAsync(method, relativePath, body is null ? null : () => JsonBody(body), cancellationToken);

    /// <summary>As <see cref="SendJsonAsync(HttpMethod, string, byte[], CancellationToken)"/>, with a deadline of its own.</summary>
    public Task<JsonDocument> SendJsonAsync(HttpMethod method, string relativePath, byte[]? body, TimeSpan timeout, CancellationToken cancellationToken) =>
        SendJsonAsync(method, relativePath, body is null ? null : () => JsonBody(body), timeout, cancellationToken);

    /// <summary>As <see cref="SendJsonAsync(HttpMethod, string, byte[], CancellationToken)"/>, with a body made fresh for each attempt (multipart uploads).</summary>
    public Task<JsonDocument> SendJsonAsync(HttpMethod method, string relativePath, Func<HttpContent>? body, CancellationToken cancellationToken) =>
        SendJsonAsync(method, relativePath, body, _transport.RequestTimeout, cancellationToken);

    /// <summary>As <see cref="SendJsonAsync(HttpMethod, string, Func{HttpContent}, CancellationToken)"/>, for an endpoint the gateway gives longer than chat.</summary>
    public async Task<JsonDocument> SendJsonAsync(HttpMethod method, string relativePath, Func<HttpContent>? body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CallDeadline(_transport.Time, timeout, cancellationToken);
        try
        {
            using var response = await _policy.ExecuteAsync(
                static async (state, token) =>
                {
                    using var request = new HttpRequestMessage(state.Method, Resolve(state.Self._transport.Endpoint, state.Path));
                    request.Content = state.Body?.Invoke();

                    state.Self.ApplyHeaders(request, requestId: state.Self._transport.RequestIdHeader is null ? null : NewRequestId());
                    return await state.Self.SendAsync(request, token).ConfigureAwait(false);
                },
                (Self: this, Method: method, Path: relativePath, Body: body),
                deadline,
                deadline.Token).ConfigureAwait(false);
            var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                try
                {
                    // Copied out of the pooled buffer: the document outlives the read.
                    return await ReadBoundedAsync(stream, static bytes => JsonDocument.Parse(bytes.ToArray()), deadline.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is JsonException or IOException or InvalidDataException)
                {
                    throw new ChatServiceException(_transport.Redact($"{_provider} returned a reply to {relativePath} that is not complete JSON: {e.Message}"), response.StatusCode, e)
                    {
                        ProviderName = _provider,
                        RequestId = RequestIdOf(response),
                        IsRetryable = e is IOException,
                    };
                }
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && deadline.Expired)
        {
            throw new ChatTimeoutException($"{_provider} did not answer {relativePath} within {Seconds(timeout)}.", e) { IsRetryable = true, ProviderName = _provider };
        }
    }

    /// <summary>
    /// The JSON body a chat call with these messages and options would send (the option table applied, media mapped),
    /// for endpoints that take a chat request's fields in another arrangement (Perceptron's multilook).
    /// </summary>
    internal async Task<JsonObject> BuildChatBodyAsync(IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var (request, overrides) = CreateBody(client, NewCall(messages, options, streaming: false));
        using var content = new JsonRequestContent(request, overrides);
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(bytes)!.AsObject();
    }

    /// <summary>
    /// Reads a <c>chat.completion</c> as a reply to these messages would be read: mapped, checked, and interpreted by the
    /// service's interpreter (grounding, citations) for that conversation.
    /// </summary>
    internal ChatResponse InterpretCompletion(ReadOnlySpan<byte> completionJson, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var call = NewCall(messages, options, streaming: false);
        var wire = JsonSerializer.Deserialize(completionJson, CoreJsonContext.Default.ChatCompletionResponse)
            ?? throw new ChatServiceException($"{_provider} returned an empty answer.") { ProviderName = _provider };
        WireShape.Check(wire);
        var response = ResponseMapper.ToChatResponse(wire);
        if (_profile.Interpreter?.Invoke(call) is { } interpreter)
        {
            Interpret(interpreter, response, wire);
        }

        return response;
    }

    /// <summary>An error object inside a reply that succeeded as a whole, typed by its <c>type</c>.</summary>
    internal ChatServiceException PartError(string part, JsonElement error, string? requestId) =>
        ErrorFactory.FromPartError(_provider, part, error, requestId, _transport.Redact);

    /// <summary>
    /// Sends a request beside chat whose reply is read as a stream (a file's bytes), with the service's headers,
    /// retries, rate limit and typed errors. The caller owns the response and the deadline, which keeps bounding
    /// the reads after this returns, and disposes both.
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="relativePath">The path relative to the endpoint.</param>
    /// <param name="cancellationToken">Cancels the call, reads included.</param>
    public async Task<(HttpResponseMessage Response, CallDeadline Deadline)> SendForStreamAsync(HttpMethod method, string relativePath, CancellationToken cancellationToken)
    {
        var deadline = new CallDeadline(_transport.Time, _transport.RequestTimeout, cancellationToken);
        try
        {
            var response = await _policy.ExecuteAsync(
                static async (state, token) =>
                {
                    using var request = new HttpRequestMessage(state.Method, Resolve(state.Self._transport.Endpoint, state.Path));
                    state.Self.ApplyHeaders(request, requestId: state.Self._transport.RequestIdHeader is null ? null : NewRequestId());
                    return await state.Self.SendAsync(request, token).ConfigureAwait(false);
                },
                (Self: this, Method: method, Path: relativePath),
                deadline,
                deadline.Token).ConfigureAwait(false);
            return (response, deadline);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && deadline.Expired)
        {
            deadline.Dispose();
            throw new ChatTimeoutException($"{_provider} did not answer {relativePath} within {Seconds(_transport.RequestTimeout)} (RequestTimeout).", e) { IsRetryable = true, ProviderName = _provider };
        }
        catch
        {
            deadline.Dispose();
            throw;
        }
    }

    /// <summary>The request timeout, as a message names it.</summary>
    internal string RequestTimeoutText => Seconds(_transport.RequestTimeout);

    /// <summary>Removes the credential from text that may reach an exception or a log.</summary>
    internal string Redact(string text) => _transport.Redact(text);

    private static ByteArrayContent JsonBody(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    private ChatCall NewCall(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming) =>
        new(AsList(messages), options, streaming, _transport.RequestIdHeader is null ? null : NewRequestId());

    /// <summary>A whole reply is interpreted as one final piece per choice, as a stream is piece by piece.</summary>
    private static void Interpret(ReplyInterpreter interpreter, ChatResponse response, ChatCompletionResponse wire)
    {
        if (response.AdditionalProperties?.TryGetValue(ResponseMapper.ChoicesKey, out var value) == true && value is List<ChatMessage> choices)
        {
            for (var i = 0; i < choices.Count; i++)
            {
                interpreter.Interpret(new ReplyPiece(wire.Choices![i].Index, choices[i].Contents, wire, IsLast: true));
            }

            return;
        }

        interpreter.Interpret(new ReplyPiece(0, response.Messages[0].Contents, wire, IsLast: true));
    }

    private static ChatResponseUpdate Stamp(ChatResponseUpdate update, ChatCall call)
    {
        if (call.RequestId is { } id)
        {
            (update.AdditionalProperties ??= [])[RequestIdKey] = id;
        }

        return update;
    }

    private static string NewRequestId() => $"req_{Guid.NewGuid():N}";

    private void ApplyHeaders(HttpRequestMessage request, string? requestId)
    {
        if (!string.IsNullOrEmpty(_transport.BearerToken))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _transport.BearerToken);
        }

        foreach (var (name, value) in _transport.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (requestId is not null)
        {
            request.Headers.TryAddWithoutValidation(_transport.RequestIdHeader!, requestId);
        }
    }

    private (ChatCompletionRequest Request, JsonObject? Overrides) CreateBody(IChatClient client, ChatCall call)
    {
        var model = ModelFor(call.Options);
        WarnOfMissingCapabilities(model, call.Options);
        return (RequestBuilder.Build(_profile, call, model, _logger), RawOverrides(client, call.Options));
    }

    /// <summary>Remembers the capabilities a model list gave, for <see cref="ChatServiceProfile.Capabilities"/>.</summary>
    internal void RememberCapabilities(string modelId, IEnumerable<string> capabilities) =>
        _listedCapabilities[modelId] = capabilities.ToHashSet(StringComparer.Ordinal);

    private void WarnOfMissingCapabilities(string? model, ChatOptions? options)
    {
        if (model is null || options is null || _profile.Capabilities.Count == 0 || !_listedCapabilities.TryGetValue(model, out var listed))
        {
            return;
        }

        foreach (var (capability, isUsed) in _profile.Capabilities)
        {
            if (!listed.Contains(capability) && isUsed(options) && _capabilityWarned.TryAdd((model, capability), 0))
            {
                _logger.LogWarning("{Provider} lists no '{Capability}' capability for the model '{Model}', but this call uses it: the service may refuse it or ignore it. (Warned once per model.)", _provider, capability, model);
            }
        }
    }

    /// <summary>The model to ask for: the caller's or the default, under its current name if the service renamed it.</summary>
    private string? ModelFor(ChatOptions? options)
    {
        var model = options?.ModelId ?? _profile.DefaultModelId;
        if (model is null || !_profile.RenamedModels.TryGetValue(model, out var current))
        {
            return model;
        }

        if (_renamedWarned.TryAdd(model, 0))
        {
            _logger.LogWarning("{Provider} renamed the model '{Old}' to '{New}': requests are sent as '{New}'; use the new id.", _provider, model, current, current);
        }

        return current;
    }

    private ValueTask<HttpResponseMessage> SendChatAsync((ChatCompletionRequest Request, JsonObject? Overrides) body, ChatCall call, CallDeadline deadline, CancellationToken cancellationToken) =>
        _policy.ExecuteAsync(
            static async (state, token) =>
            {
                // A fresh message per attempt: a request cannot be sent twice, but its body can be written again.
                using var request = new HttpRequestMessage(HttpMethod.Post, state.Self._chatUri) { Content = new JsonRequestContent(state.Body.Request, state.Body.Overrides) };
                request.Headers.Accept.ParseAdd(state.Call.Streaming ? "text/event-stream" : "application/json");
                state.Self.ApplyHeaders(request, state.Call.RequestId);
                return await state.Self.SendAsync(request, token).ConfigureAwait(false);
            },
            (Self: this, Body: body, Call: call),
            deadline,
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
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException && e is not ChatServiceException)
        {
            throw new ChatServiceException(_transport.Redact($"Could not reach {_provider} at {_transport.Endpoint}: {e.Message}"), null, e)
            {
                ProviderName = _provider,
                IsRetryable = true,
            };
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Not our deadline nor the caller: the injected HttpClient's own Timeout gave up.
            throw new ChatTimeoutException(_transport.Redact($"{_provider} did not answer before the HttpClient's own timeout: {e.Message} Raise HttpClient.Timeout or leave it infinite and use RequestTimeout."), e)
            {
                ProviderName = _provider,
                IsRetryable = true,
            };
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        if ((int)response.StatusCode is >= 300 and < 400)
        {
            // Not followed: a redirect would send the prompt, the images and the key to another address.
            using (response)
            {
                throw new ChatServiceException(
                    _transport.Redact($"{_provider} answered with a redirect (HTTP {(int)response.StatusCode}) to {response.Headers.Location?.ToString() ?? "no address"}: set the endpoint to the final address; redirects are not followed."),
                    response.StatusCode)
                {
                    ProviderName = _provider,
                    RequestId = RequestIdOf(response),
                };
            }
        }

        using (response)
        {
            var body = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
            throw ErrorFactory.FromResponse(_provider, response.StatusCode, response.Headers, body, _transport.Redact);
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
        catch (Exception e) when (e is IOException or HttpRequestException or SocketException)
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
        new(_transport.Redact($"{_provider} sent a stream event the client could not interpret ({e.GetType().Name}: {e.Message}): the answer is incomplete."), e)
        {
            ProviderName = _provider,
            RequestId = requestId,
        };

    /// <summary>Whether a lazily read JSON value held bytes that are not UTF-8 (System.Text.Json reports it this way).</summary>
    private static bool IsInvalidUtf8(InvalidOperationException e) => e.InnerException is System.Text.DecoderFallbackException;

    private static string Seconds(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan ? "no limit" : $"{span.TotalSeconds:0.###} s";

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
        AutomaticDecompression = System.Net.DecompressionMethods.All, // replies are bounded after decompression
        AllowAutoRedirect = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
