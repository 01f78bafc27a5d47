using System.Text.Json;
using Connectors.Emulator.Chat;
using Connectors.Emulator.Faults;
using Connectors.Emulator.Hosting;

namespace Connectors.Emulator.Perceptron;

/// <summary>Writes replies, errors and faults in the Perceptron dialect.</summary>
internal static class PerceptronResponder
{
    private const int KeepAliveEveryMs = 1000;

    public static async Task ErrorAsync(HttpContext context, PerceptronFailure failure, int? retryAfterSeconds = null)
    {
        context.Response.StatusCode = failure.Status;
        if (retryAfterSeconds is { } s)
        {
            context.Response.Headers.RetryAfter = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var body = new PError(new PErrorBody(failure.Message, failure.Type, failure.Param, failure.Code));
        await context.Response.WriteAsJsonAsync(body, PerceptronJson.Wire.PError, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
    }

    public static Task UnauthorizedAsync(HttpContext context, bool missing) =>
        ErrorAsync(context, new PerceptronFailure(401, missing ? "Missing API key: send it as a bearer token" : "Invalid API key", "authentication_error", null, "authentication_error"));

    public static Task RateLimitedAsync(HttpContext context, int retryAfterSeconds) =>
        ErrorAsync(context, new PerceptronFailure(429, "Organization rate limit exceeded", "rate_limit_error", null, "rate_limit_exceeded"), retryAfterSeconds);

    /// <summary>Answers with one of the faults that replace the whole response.</summary>
    public static Task FaultAsync(HttpContext context, string fault)
    {
        HttpHelpers.NoteFault(context, fault);
        return fault switch
        {
            EmulatorFaults.RateLimit => RateLimitedAsync(context, 30),
            EmulatorFaults.InsufficientQuota => ErrorAsync(context, new PerceptronFailure(429, "You exceeded your current quota", "insufficient_quota", null, null)),
            EmulatorFaults.Overloaded => ErrorAsync(context, new PerceptronFailure(503, "The model is currently overloaded", "server_error", null, "model_overloaded"), 30),
            EmulatorFaults.ServerErrorNested => ErrorAsync(context, new PerceptronFailure(500, NestedMessage(), null, null, null)),
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
            await ErrorAsync(context, new PerceptronFailure(500, "Generation failed.", "server_error", null, "internal_error")).ConfigureAwait(false);
            return;
        }

        var message = new PMessage(
            "assistant",
            reply.ToolCalls.Count > 0 && reply.Content.Length == 0 ? null : reply.Content,
            reply.Reasoning,
            reply.ToolCalls.Count == 0 ? null : [.. reply.ToolCalls.Select(c => new PToolCall(null, c.Id, "function", new PFunction(c.Name, c.Arguments)))]);
        var completion = new PCompletion(NewId(), "chat.completion", Now(), input.Model, [new PChoice(0, message, reply.FinishReason)], Usage(reply));
        var json = JsonSerializer.Serialize(completion, PerceptronJson.Wire.PCompletion);
        context.Response.ContentType = "application/json";
        if (plan.Fault == EmulatorFaults.CutStream)
        {
            // The body stops half way: what a client sees when a proxy cuts a buffered response.
            HttpHelpers.NoteFault(context, plan.Fault);
            await context.Response.WriteAsync(json[..(json.Length / 2)], context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task StreamAsync(HttpContext context, ChatInput input, Reply reply, FaultPlan plan)
    {
        var ct = context.RequestAborted;
        var id = NewId();
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
        for (var i = 0; i < stopAfter; i++)
        {
            if (i > 0 && plan.ChunkDelayMs > 0)
            {
                await PauseAsync(sse, plan.ChunkDelayMs, ct).ConfigureAwait(false);
            }

            await sse.DataAsync(Chunk(id, created, input.Model, deltas[i]), ct).ConfigureAwait(false);
            if (i == 0)
            {
                // Real streams carry keep-alive comments; clients must skip them.
                await sse.CommentAsync("keep-alive", ct).ConfigureAwait(false);
            }
        }

        switch (plan.Fault)
        {
            case EmulatorFaults.MidstreamError:
                var error = new PError(new PErrorBody("Generation failed.", "server_error", null, "internal_error"));
                await sse.DataAsync(JsonSerializer.Serialize(error, PerceptronJson.Wire.PError), ct).ConfigureAwait(false);
                return;
            case EmulatorFaults.CutStream:
                return;
            case EmulatorFaults.DropConnection:
                await MidStreamDrop.AfterSentAsync(context).ConfigureAwait(false);
                return;
            default:
                break;
        }

        var finish = new PChunk(id, "chat.completion.chunk", created, input.Model, [new PChunkChoice(0, new PDelta(null, null, null, null), reply.FinishReason)], null);
        await sse.DataAsync(JsonSerializer.Serialize(finish, PerceptronJson.Wire.PChunk), ct).ConfigureAwait(false);
        if (input.IncludeUsage)
        {
            var usage = new PChunk(id, "chat.completion.chunk", created, input.Model, [], Usage(reply));
            await sse.DataAsync(JsonSerializer.Serialize(usage, PerceptronJson.Wire.PChunk), ct).ConfigureAwait(false);
        }

        await sse.DoneAsync(ct).ConfigureAwait(false);
    }

    private static async Task PauseAsync(SseWriter sse, int ms, CancellationToken ct)
    {
        while (ms > 0)
        {
            var step = Math.Min(ms, KeepAliveEveryMs);
            await Task.Delay(step, ct).ConfigureAwait(false);
            ms -= step;
            if (ms > 0)
            {
                await sse.CommentAsync("keep-alive", ct).ConfigureAwait(false);
            }
        }
    }

    private static string Chunk(string id, long created, string model, StreamDelta d)
    {
        List<PToolCall>? calls = d.ToolCall is { } tc
            ? [new PToolCall(tc.Index, tc.Id, tc.Id is null ? null : "function", new PFunction(tc.Name, tc.Arguments))]
            : null;
        var delta = new PDelta(d.First ? "assistant" : null, d.Content, d.Reasoning, calls);
        var chunk = new PChunk(id, "chat.completion.chunk", created, model, [new PChunkChoice(0, delta, null)], null);
        return JsonSerializer.Serialize(chunk, PerceptronJson.Wire.PChunk);
    }

    private static PUsage Usage(Reply r) => new(
        r.PromptTokens,
        r.CompletionTokens,
        r.TotalTokens,
        new PPromptDetails(r.CachedTokens, r.AudioTokens),
        r.ReasoningTokens > 0 ? new PCompletionDetails(r.ReasoningTokens) : null);

    // The gateway forwards the upstream body verbatim, in Python's json.dumps spacing.
    private static string NestedMessage() =>
        "{\"error\": {\"message\": \"Generated content did not match the requested structured-output format.\", \"type\": \"server_error\", \"param\": \"response_format\", \"code\": \"output_validation_failed\"}}";

    private static string NewId() => "chatcmpl-" + Guid.NewGuid().ToString("N")[..24];

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
