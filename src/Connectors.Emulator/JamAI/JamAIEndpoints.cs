using System.Text.Json;
using Connectors.Emulator.Faults;
using Connectors.Emulator.Hosting;

namespace Connectors.Emulator.JamAI;

/// <summary>The JamAI Base routes under <c>/api</c>.</summary>
internal static class JamAIEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapPost("/api/v1/chat/completions", (HttpContext context) => ChatAsync(context, state));
        app.MapGet("/api/v1/models", (HttpContext context) => ModelsAsync(context, state, idsOnly: false));
        app.MapGet("/api/v1/models/ids", (HttpContext context) => ModelsAsync(context, state, idsOnly: true));
        app.MapGet("/api/health", (HttpContext context) =>
            context.Response.WriteAsJsonAsync(new JHealth(IsOss: true), JamAIJson.Wire.JHealth, contentType: "application/json", context.RequestAborted));
    }

    /// <summary>Checks the bearer token and the project header; writes the 401 itself and returns null on failure.</summary>
    internal static async Task<string?> AuthorizeAsync(HttpContext context, EmulatorState state)
    {
        var key = HttpHelpers.BearerToken(context.Request);
        if (!HttpHelpers.IsAuthorized(key, state.Options))
        {
            await JamAIResponder.UnauthorizedAsync(context, key is null
                ? "You are not authenticated: send a PAT or service key as a bearer token."
                : "You provided an invalid authorization token.").ConfigureAwait(false);
            return null;
        }

        var project = context.Request.Headers["X-PROJECT-ID"].ToString();
        if (project.Length == 0 && state.Options.RequireProjectId)
        {
            await JamAIResponder.UnauthorizedAsync(context, "The X-PROJECT-ID header is required for this token.").ConfigureAwait(false);
            return null;
        }

        if (project.Length > 0 && !project.StartsWith("proj_", StringComparison.Ordinal))
        {
            // The current server answers an unknown project as it answers a bad token.
            await JamAIResponder.UnauthorizedAsync(context, $"Project \"{project}\" is not found or you have no access to it.").ConfigureAwait(false);
            return null;
        }

        return HttpHelpers.LimiterKey(key);
    }

    private static async Task ChatAsync(HttpContext context, EmulatorState state)
    {
        if (await AuthorizeAsync(context, state).ConfigureAwait(false) is not { } key)
        {
            return;
        }

        var rate = state.ChatLimiter.Acquire(key);
        if (!rate.Allowed)
        {
            await JamAIResponder.RateLimitedAsync(context, state.ChatLimiter.Limit, rate.Remaining, rate.RetryAfterSeconds).ConfigureAwait(false);
            return;
        }

        if (HttpHelpers.HeaderFault(context.Request) is { } early && EmulatorFaults.IsImmediateError(early))
        {
            await JamAIResponder.FaultAsync(context, early, state.ChatLimiter.Limit).ConfigureAwait(false);
            return;
        }

        var body = await HttpHelpers.ReadBodyAsync(context, int.MaxValue).ConfigureAwait(false);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body!);
        }
        catch (JsonException e)
        {
            await JamAIResponder.ErrorAsync(context, JamAIFailure.Validation([new JFieldError("json_invalid", "JSON decode error: " + e.Message, ["body"], null)])).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var (input, error) = JamAIRequestReader.Read(document.RootElement, state.Options.JamAIModels, state.Knowledge);
            if (error is not null)
            {
                await JamAIResponder.ErrorAsync(context, error).ConfigureAwait(false);
                return;
            }

            var reply = await state.Planner.PlanAsync(input!, context.RequestAborted).ConfigureAwait(false);
            if (HttpHelpers.Entry(context) is { } entry)
            {
                entry.Rule = reply.RuleName;
                entry.Streamed = input!.Stream;
            }

            var plan = FaultPlan.For(context, reply, state.Options);
            if (plan.Fault is { } fault && EmulatorFaults.IsImmediateError(fault))
            {
                await JamAIResponder.FaultAsync(context, fault, state.ChatLimiter.Limit).ConfigureAwait(false);
                return;
            }

            if (plan.FirstByteDelayMs > 0)
            {
                HttpHelpers.NoteFault(context, EmulatorFaults.SlowFirstByte);
                await Task.Delay(plan.FirstByteDelayMs, context.RequestAborted).ConfigureAwait(false);
            }

            if (input!.Stream)
            {
                await JamAIResponder.StreamAsync(context, input, reply, plan).ConfigureAwait(false);
            }
            else
            {
                await JamAIResponder.CompletionAsync(context, input, reply, plan).ConfigureAwait(false);
            }
        }
    }

    private static async Task ModelsAsync(HttpContext context, EmulatorState state, bool idsOnly)
    {
        if (await AuthorizeAsync(context, state).ConfigureAwait(false) is null)
        {
            return;
        }

        if (HttpHelpers.HeaderFault(context.Request) is { } fault && EmulatorFaults.IsImmediateError(fault))
        {
            await JamAIResponder.FaultAsync(context, fault, state.ChatLimiter.Limit).ConfigureAwait(false);
            return;
        }

        var wanted = context.Request.Query["capabilities"].Where(c => !string.IsNullOrEmpty(c)).Select(c => c!).ToList();
        var models = state.Options.JamAIModels.Where(m => wanted.All(m.Has)).ToList();
        if (idsOnly)
        {
            await context.Response.WriteAsJsonAsync(models.Select(m => m.Id).ToList(), JamAIJson.Wire.ListString, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var list = new JModelList("models.info", [.. models.Select(m => new JModelItem(m.Id, "model", m.Type, m.Name, m.OwnedBy, m.Capabilities, m.ContextLength, m.MaxOutputTokens, ["en"]))]);
        await context.Response.WriteAsJsonAsync(list, JamAIJson.Wire.JModelList, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
    }
}
