using System.Globalization;
using System.Text.Json;
using Connectors.Emulator.Chat;
using Connectors.Emulator.Faults;
using Connectors.Emulator.Hosting;

namespace Connectors.Emulator.JamAI;

/// <summary>Writes replies, errors and faults in the JamAI Base dialect.</summary>
internal static class JamAIResponder
{
    public static async Task ErrorAsync(HttpContext context, JamAIFailure failure, int? retryAfterSeconds = null)
    {
        context.Response.StatusCode = failure.Status;
        if (retryAfterSeconds is { } s)
        {
            context.Response.Headers.RetryAfter = s.ToString(CultureInfo.InvariantCulture);
        }

        if (failure.Fields is { } fields)
        {
            // Body validation on the current server is FastAPI's own answer: {"detail":[...]}, no JamAI error code.
            await context.Response.WriteAsJsonAsync(new JValidation(fields), JamAIJson.Wire.JValidation, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var body = new JError("error", failure.Code, failure.Message, null, HttpHelpers.RequestId(context), null);
        await context.Response.WriteAsJsonAsync(body, JamAIJson.Wire.JError, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
    }

    public static Task UnauthorizedAsync(HttpContext context, string message) =>
        ErrorAsync(context, new JamAIFailure(401, "unauthorized", message));

    public static Task RateLimitedAsync(HttpContext context, int limit, int remaining, int retryAfterSeconds)
    {
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        // The current server sends the reset as epoch seconds, not as a delay.
        headers["X-RateLimit-Reset"] = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + retryAfterSeconds).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Used"] = (limit - remaining).ToString(CultureInfo.InvariantCulture);
        return ErrorAsync(context, new JamAIFailure(429, "rate_limit_exceeded", "Rate limit exceeded. Please retry later."), retryAfterSeconds);
    }

    public static Task FaultAsync(HttpContext context, string fault, int limit)
    {
        HttpHelpers.NoteFault(context, fault);
        return fault switch
        {
            EmulatorFaults.RateLimit => RateLimitedAsync(context, limit, 0, 30),
            EmulatorFaults.InsufficientQuota => ErrorAsync(context, new JamAIFailure(403, "insufficient_credits", "Insufficient credits or quota. Please top up.")),
            EmulatorFaults.Overloaded => ErrorAsync(context, new JamAIFailure(503, "busy", "The server is busy. Please retry later."), 30),
            EmulatorFaults.ServerErrorNested => ErrorAsync(context, new JamAIFailure(500, "unexpected_error", "An unexpected error occurred.")),
            _ => HttpHelpers.PlainTextAsync(context, 504, "upstream request timeout"),
        };
    }

    public static async Task CompletionAsync(HttpContext context, ChatInput input, Reply reply, FaultPlan plan)
    {
        if (plan.Fault == EmulatorFaults.DropConnection)
        {
            HttpHelpers.NoteFault(context, plan.Fault);
            HttpHelpers.Drop(context);
            return;
        }

        if (plan.Fault == EmulatorFaults.MidstreamError)
        {
            HttpHelpers.NoteFault(context, plan.Fault);
            await ErrorAsync(context, new JamAIFailure(500, "unexpected_error", "Generation failed.")).ConfigureAwait(false);
            return;
        }

        var message = new JMessage("assistant", reply.Content, reply.Reasoning, reply.ToolCalls.Count == 0 ? null : [.. reply.ToolCalls.Select(c => new JToolCall(null, c.Id, "function", new JFunction(c.Name, c.Arguments)))], null);
        var choices = Enumerable.Range(0, input.N).Select(i => new JChoice(i, message, reply.FinishReason, null)).ToList();
        var completion = new JCompletion(HttpHelpers.RequestId(context), "chat.completion", Now(), input.Model, choices, Usage(reply, input.N), References(reply, context), null, null);
        var json = JsonSerializer.Serialize(completion, JamAIJson.Wire.JCompletion);
        context.Response.ContentType = "application/json";
        if (plan.Fault == EmulatorFaults.CutStream)
        {
            HttpHelpers.NoteFault(context, plan.Fault);
            await context.Response.WriteAsync(json[..(json.Length / 2)], context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task StreamAsync(HttpContext context, ChatInput input, Reply reply, FaultPlan plan)
    {
        var ct = context.RequestAborted;
        var id = HttpHelpers.RequestId(context);
        var created = Now();
        var deltas = StreamDelta.From(reply);
        var stopAfter = plan.Fault switch
        {
            EmulatorFaults.MidstreamError or EmulatorFaults.CutStream or EmulatorFaults.RestartStream => Math.Max(1, deltas.Count / 2),
            EmulatorFaults.DropConnection => 1,
            _ => deltas.Count,
        };

        if (plan.Fault is not null)
        {
            HttpHelpers.NoteFault(context, plan.Fault);
        }

        SseWriter.Start(context.Response);
        var sse = new SseWriter(context.Response);
        if (References(reply, context) is { } references)
        {
            // With RAG the references come first, before any text.
            await sse.DataAsync(JsonSerializer.Serialize(references, JamAIJson.Wire.JReferences), ct).ConfigureAwait(false);
        }

        for (var i = 0; i < stopAfter; i++)
        {
            if (i > 0 && plan.ChunkDelayMs > 0)
            {
                await Task.Delay(plan.ChunkDelayMs, ct).ConfigureAwait(false);
            }

            var d = deltas[i];
            List<JToolCall>? calls = d.ToolCall is { } tc ? [new JToolCall(tc.Index, tc.Id, tc.Id is null ? null : "function", new JFunction(tc.Name, tc.Arguments))] : null;
            var delta = new JMessage(d.First ? "assistant" : null, d.Content, d.Reasoning, calls, null);
            await sse.DataAsync(Chunk(id, created, input, delta, null, null), ct).ConfigureAwait(false);
        }

        switch (plan.Fault)
        {
            case EmulatorFaults.MidstreamError:
                // Older servers report a failure after the first chunk as an [ERROR] text with finish "error".
                var error = new JMessage(null, "[ERROR] Generation failed.", null, null, null);
                await sse.DataAsync(Chunk(id, created, input, error, "error", null), ct).ConfigureAwait(false);
                return;
            case EmulatorFaults.CutStream:
                return;
            case EmulatorFaults.RestartStream:
                // The server retried its provider: the answer starts again, under a new chunk id, and completes.
                id += "-retry";
                for (var i = 0; i < deltas.Count; i++)
                {
                    var again = deltas[i];
                    await sse.DataAsync(Chunk(id, created, input, new JMessage(again.First ? "assistant" : null, again.Content, again.Reasoning, null, null), null, null), ct).ConfigureAwait(false);
                }

                break;
            case EmulatorFaults.DropConnection:
                await MidStreamDrop.AfterSentAsync(context).ConfigureAwait(false);
                return;
            default:
                break;
        }

        var last = new JMessage(null, null, null, null, null);
        await sse.DataAsync(Chunk(id, created, input, last, reply.FinishReason, null), ct).ConfigureAwait(false);
        await sse.DataAsync(Chunk(id, created, input, last, null, Usage(reply, input.N)), ct).ConfigureAwait(false);
        await sse.DoneAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A chunk as the current server dumps it: <c>delta</c> holds only what was set, <c>message</c> is a copy with
    /// nulls and the assistant role, <c>finish_reason</c> appears only when set, tool-call fragments carry no
    /// <c>index</c>; usage comes in a chunk of its own with no choices.
    /// </summary>
    private static string Chunk(string id, long created, ChatInput input, JMessage delta, string? finish, JUsage? usage)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("object", "chat.completion.chunk");
            w.WriteNumber("created", created);
            w.WriteString("model", input.Model);
            w.WriteStartArray("choices");
            for (var i = 0; usage is null && i < input.N; i++)
            {
                w.WriteStartObject();
                w.WriteNumber("index", i);
                w.WriteStartObject("message");
                w.WriteString("role", "assistant");
                WriteOrNull(w, "content", delta.Content);
                WriteOrNull(w, "reasoning_content", delta.ReasoningContent);
                w.WriteNull("refusal");
                WriteToolCalls(w, delta.ToolCalls, nullWhenNone: true);
                w.WriteNull("function_call");
                w.WriteEndObject();
                w.WriteStartObject("delta");
                if (delta.Role is { } role)
                {
                    w.WriteString("role", role);
                }

                if (delta.Content is { } content)
                {
                    w.WriteString("content", content);
                }

                if (delta.ReasoningContent is { } reasoning)
                {
                    w.WriteString("reasoning_content", reasoning);
                }

                WriteToolCalls(w, delta.ToolCalls, nullWhenNone: false);
                w.WriteEndObject();
                if (finish is not null)
                {
                    w.WriteString("finish_reason", finish);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (usage is not null)
            {
                w.WritePropertyName("usage");
                JsonSerializer.Serialize(w, usage, JamAIJson.Wire.JUsage);
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteToolCalls(Utf8JsonWriter w, List<JToolCall>? calls, bool nullWhenNone)
    {
        if (calls is not { Count: > 0 })
        {
            if (nullWhenNone)
            {
                w.WriteNull("tool_calls");
            }

            return;
        }

        w.WriteStartArray("tool_calls");
        foreach (var call in calls)
        {
            w.WriteStartObject();
            if (call.Id is { } callId)
            {
                w.WriteString("id", callId);
                w.WriteString("type", "function");
            }

            w.WriteStartObject("function");
            w.WriteString("arguments", call.Function.Arguments);
            if (call.Function.Name is { } name)
            {
                w.WriteString("name", name);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// References as the current server writes them: <c>file_name</c> and <c>file_path</c> always <c>""</c>, the
    /// file's storage address in <c>document_id</c> (<c>""</c> for a row added without a file), <c>""</c> for an
    /// untitled row, and metadata values as strings (the hybrid search's reciprocal-rank score, project, table).
    /// </summary>
    private static JReferences? References(Reply reply, HttpContext context)
    {
        if (reply.References is not { } r)
        {
            return null;
        }

        var project = context.Request.Headers["X-PROJECT-ID"].ToString();
        var chunks = r.Chunks.Select((c, rank) => new JChunkRef(
            c.Text,
            c.Title,
            c.Page,
            FileName: "",
            FilePath: "",
            DocumentId: Knowledge.KnowledgeFiles.StoredAddress(project, c),
            c.ChunkId,
            [],
            new Dictionary<string, string>
            {
                // Full-text and vector search ranked it alike here: 1/(60+rank) from each list.
                ["rrf_score"] = (2.0 / (61 + rank)).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                ["project_id"] = project,
                ["table_id"] = r.TableId,
            }));
        return new JReferences("chat.references", [.. chunks], r.SearchQuery);
    }

    private static JUsage Usage(Reply r, int n) => new(
        r.PromptTokens,
        r.CompletionTokens * n,
        r.PromptTokens + (r.CompletionTokens * n),
        new JPromptDetails(r.CachedTokens),
        new JCompletionDetails(r.ReasoningTokens * n),
        []);

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
