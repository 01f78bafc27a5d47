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

        var body = new JError("error", failure.Code, failure.Message, failure.Fields, HttpHelpers.RequestId(context), null);
        await context.Response.WriteAsJsonAsync(body, JamAIJson.Wire.JError, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
    }

    public static Task UnauthorizedAsync(HttpContext context, string message) =>
        ErrorAsync(context, new JamAIFailure(401, "unauthorized", message));

    public static Task RateLimitedAsync(HttpContext context, int limit, int remaining, int retryAfterSeconds)
    {
        var headers = context.Response.Headers;
        headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
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
            EmulatorFaults.MidstreamError or EmulatorFaults.CutStream => Math.Max(1, deltas.Count / 2),
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
            case EmulatorFaults.DropConnection:
                await MidStreamDrop.AfterSentAsync(context).ConfigureAwait(false);
                return;
            default:
                break;
        }

        var last = new JMessage(null, null, null, null, null);
        await sse.DataAsync(Chunk(id, created, input, last, reply.FinishReason, Usage(reply, input.N)), ct).ConfigureAwait(false);
        await sse.DoneAsync(ct).ConfigureAwait(false);
    }

    private static string Chunk(string id, long created, ChatInput input, JMessage delta, string? finish, JUsage? usage)
    {
        // Each choice carries the delta and the same content again as "message".
        var choices = Enumerable.Range(0, input.N).Select(i => new JChunkChoice(i, delta, delta, finish, null)).ToList();
        return JsonSerializer.Serialize(new JChunk(id, "chat.completion.chunk", created, input.Model, choices, usage, null), JamAIJson.Wire.JChunk);
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
