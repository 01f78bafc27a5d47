using System.Text.Json;
using Connectors.Emulator.Faults;
using Connectors.Emulator.Hosting;

namespace Connectors.Emulator.Perceptron;

/// <summary>The Perceptron routes under <c>/v1</c>.</summary>
internal static class PerceptronEndpoints
{
    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapPost("/v1/chat/completions", (HttpContext context) => ChatAsync(context, state));
        app.MapPost("/v1/chat/completions/multilook", (HttpContext context) => MultilookEndpoint.HandleAsync(context, state));
        app.MapGet("/v1/models", (HttpContext context) => ModelsAsync(context, state, null));
        app.MapGet("/v1/models/{id}", (HttpContext context, string id) => ModelsAsync(context, state, id));
        Files.FileEndpoints.Map(app, state);
    }

    /// <summary>
    /// The key, then the route's limit for it (none for a route without a published limit). False when it has already
    /// answered with the error (401, or 429 with Retry-After).
    /// </summary>
    internal static async Task<bool> KeyWithinLimitAsync(HttpContext context, EmulatorState state, KeyRateLimiter? limiter)
    {
        var key = HttpHelpers.BearerToken(context.Request);
        if (!HttpHelpers.IsAuthorized(key, state.Options))
        {
            await PerceptronResponder.UnauthorizedAsync(context, missing: key is null).ConfigureAwait(false);
            return false;
        }

        if (limiter?.Acquire(HttpHelpers.LimiterKey(key)) is { Allowed: false } refused)
        {
            await PerceptronResponder.RateLimitedAsync(context, refused.RetryAfterSeconds).ConfigureAwait(false);
            return false;
        }

        return true;
    }

    /// <summary>
    /// What every Perceptron POST does first: the key, its rate limit, a header fault, the 20 MB body and its JSON. Null
    /// when it has already answered with the error.
    /// </summary>
    internal static async Task<JsonDocument?> AdmitAsync(HttpContext context, EmulatorState state)
    {
        if (!await KeyWithinLimitAsync(context, state, state.ChatLimiter).ConfigureAwait(false))
        {
            return null;
        }

        if (HttpHelpers.HeaderFault(context.Request) is { } early && EmulatorFaults.IsImmediateError(early))
        {
            await PerceptronResponder.FaultAsync(context, early).ConfigureAwait(false);
            return null;
        }

        var body = await HttpHelpers.ReadBodyAsync(context, HttpHelpers.MaxBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            await PerceptronResponder.ErrorAsync(context, new PerceptronFailure(413, "Request body exceeds the 20 MB limit.", "invalid_request_error", null, "request_too_large")).ConfigureAwait(false);
            return null;
        }

        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            await PerceptronResponder.ErrorAsync(context, PerceptronFailure.Invalid("The request body is not valid JSON.", null, "invalid_json")).ConfigureAwait(false);
            return null;
        }
    }

    private static async Task ChatAsync(HttpContext context, EmulatorState state)
    {
        if (await AdmitAsync(context, state).ConfigureAwait(false) is not { } document)
        {
            return;
        }

        using (document)
        {
            var (input, error) = PerceptronRequestReader.Read(document.RootElement, state.Options.PerceptronModels, state.Files);
            if (error is not null)
            {
                await PerceptronResponder.ErrorAsync(context, error).ConfigureAwait(false);
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
                await PerceptronResponder.FaultAsync(context, fault).ConfigureAwait(false);
                return;
            }

            if (plan.FirstByteDelayMs > 0)
            {
                HttpHelpers.NoteFault(context, EmulatorFaults.SlowFirstByte);
                await Task.Delay(plan.FirstByteDelayMs, context.RequestAborted).ConfigureAwait(false);
            }

            if (input!.Stream)
            {
                await PerceptronResponder.StreamAsync(context, input, reply, plan).ConfigureAwait(false);
            }
            else
            {
                await PerceptronResponder.CompletionAsync(context, input, reply, plan).ConfigureAwait(false);
            }
        }
    }

    private static async Task ModelsAsync(HttpContext context, EmulatorState state, string? id)
    {
        if (!await KeyWithinLimitAsync(context, state, state.ModelsLimiter).ConfigureAwait(false))
        {
            return;
        }

        if (HttpHelpers.HeaderFault(context.Request) is { } fault && EmulatorFaults.IsImmediateError(fault))
        {
            await PerceptronResponder.FaultAsync(context, fault).ConfigureAwait(false);
            return;
        }

        var extended = string.Equals(context.Request.Query["extended"], "true", StringComparison.OrdinalIgnoreCase);
        if (id is not null)
        {
            var model = state.Options.PerceptronModels.FirstOrDefault(m => m.Id == id);
            if (model is null)
            {
                await PerceptronResponder.ErrorAsync(context, new PerceptronFailure(404, $"The model '{id}' does not exist", "invalid_request_error", "model", "model_not_found")).ConfigureAwait(false);
                return;
            }

            await context.Response.WriteAsJsonAsync(Item(model, extended), PerceptronJson.Wire.PModelItem, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var list = new PModelList("list", [.. state.Options.PerceptronModels.Select(m => Item(m, extended))]);
        await context.Response.WriteAsJsonAsync(list, PerceptronJson.Wire.PModelList, contentType: "application/json", context.RequestAborted).ConfigureAwait(false);
    }

    private static PModelItem Item(PerceptronModel m, bool extended) => extended
        ? new PModelItem(m.Id, "model", 1_750_000_000, "perceptron", m.Name, m.Description, m.Capabilities, m.Modalities, m.OutputFormats, m.SamplingParameters, new PReasoning(m.ReasoningSupported, m.ReasoningAlwaysEnabled), m.MaxContextTokens, m.MaxOutputTokens)
        : new PModelItem(m.Id, "model", 1_750_000_000, "perceptron");
}
