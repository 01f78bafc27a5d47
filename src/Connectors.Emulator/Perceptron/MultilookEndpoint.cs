using System.Globalization;
using System.Text.Json;
using Connectors.Emulator.Hosting;

namespace Connectors.Emulator.Perceptron;

/// <summary>
/// <c>POST /v1/chat/completions/multilook</c>: each prompt is answered as a chat request of <c>context + prompt</c>
/// would be, prompts never seeing each other; a prompt that fails (an image of its own that cannot be fetched, a part
/// the chat reader refuses) carries its error, and the request fails as a whole only when every prompt does.
/// </summary>
internal static class MultilookEndpoint
{
    private const int MaxPrompts = 16;
    private const int MaxN = 8;
    private const int MaxAnswers = 64;
    private static readonly string[] Models = ["perceptron-mk1", "perceptron-mk1.5"];
    private static readonly string[] Refused = ["stream", "tools", "tool_choice", "response_format", "regex", "stop", "seed"];

    public static async Task HandleAsync(HttpContext context, EmulatorState state)
    {
        if (await PerceptronEndpoints.AdmitAsync(context, state).ConfigureAwait(false) is not { } document)
        {
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var (n, failure) = Check(root);
            if (failure is not null)
            {
                await PerceptronResponder.ErrorAsync(context, failure).ConfigureAwait(false);
                return;
            }

            var prompts = root.GetProperty("prompts");
            var answers = new List<(string? Content, string? Reasoning, int Tokens, int PromptTokens, PerceptronFailure? Error)>();
            foreach (var prompt in prompts.EnumerateArray())
            {
                answers.Add(await AnswerAsync(root, prompt, state, context.RequestAborted).ConfigureAwait(false));
            }

            if (answers.All(a => a.Error is not null))
            {
                await PerceptronResponder.ErrorAsync(context, answers[0].Error!).ConfigureAwait(false);
                return;
            }

            await WriteAsync(context, root.GetProperty("model").GetString()!, answers, n, ContextTokens(root, state)).ConfigureAwait(false);
        }
    }

    private static (int N, PerceptronFailure? Failure) Check(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String)
        {
            return (0, PerceptronFailure.Invalid("'model' is required.", "model", "invalid_value"));
        }

        if (!Models.Contains(model.GetString()))
        {
            return (0, PerceptronFailure.Invalid($"Model '{model.GetString()}' does not support multilook", "model", "unsupported_model"));
        }

        if (Refused.FirstOrDefault(k => root.TryGetProperty(k, out _)) is { } refused)
        {
            return (0, PerceptronFailure.Unsupported(refused, $"'{refused}' is not supported by multilook."));
        }

        if (!root.TryGetProperty("context", out var shared) || shared.ValueKind != JsonValueKind.Array)
        {
            return (0, PerceptronFailure.Invalid("'context' must be an array of messages (it may be empty).", "context", "invalid_value"));
        }

        var m = 0;
        foreach (var message in shared.EnumerateArray())
        {
            if (message.ValueKind == JsonValueKind.Object && ((message.TryGetProperty("role", out var role) && role.ValueKind == JsonValueKind.String && role.GetString() == "tool") || message.TryGetProperty("tool_calls", out _)))
            {
                return (0, PerceptronFailure.Unsupported($"context[{m}]", "Multilook context cannot hold tool results or assistant tool calls."));
            }

            m++;
        }

        if (!root.TryGetProperty("prompts", out var prompts) || prompts.ValueKind != JsonValueKind.Array || prompts.GetArrayLength() is 0 or > MaxPrompts)
        {
            return (0, PerceptronFailure.Invalid($"'prompts' must hold 1 to {MaxPrompts} prompts.", "prompts", "invalid_value"));
        }

        var i = 0;
        foreach (var prompt in prompts.EnumerateArray())
        {
            var valid = prompt.ValueKind == JsonValueKind.String
                || (prompt.ValueKind == JsonValueKind.Object && prompt.EnumerateObject().Count() == 1 && prompt.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.Array);
            if (!valid)
            {
                return (0, PerceptronFailure.Invalid($"prompts[{i}] must be a string or {{\"content\": [parts]}} with no other key.", $"prompts[{i}]", "invalid_value"));
            }

            i++;
        }

        var n = root.TryGetProperty("n", out var nElement) ? (nElement.TryGetInt32(out var value) ? value : -1) : 1;
        if (n is < 1 or > MaxN || n * prompts.GetArrayLength() > MaxAnswers)
        {
            return (0, PerceptronFailure.Invalid($"'n' must be 1 to {MaxN}, with prompts × n at most {MaxAnswers}.", "n", "invalid_value"));
        }

        if (n > 1 && !(root.TryGetProperty("temperature", out var t) && t.TryGetDouble(out var temperature) && temperature > 0))
        {
            return (0, PerceptronFailure.Invalid("n > 1 requires a temperature above 0.", "temperature", "invalid_value"));
        }

        return (n, null);
    }

    /// <summary>Answers one prompt as the chat request <c>context + prompt</c>.</summary>
    private static async Task<(string?, string?, int, int, PerceptronFailure?)> AnswerAsync(JsonElement root, JsonElement prompt, EmulatorState state, CancellationToken ct)
    {
        foreach (var url in OwnImageUrls(prompt))
        {
            if (await FetchFailureAsync(state.ImageClient, url, ct).ConfigureAwait(false) is { } failure)
            {
                return (null, null, 0, 0, new PerceptronFailure(400, failure, "invalid_request_error", null, null));
            }
        }

        using var chat = JsonDocument.Parse(ChatRequest(root, prompt));
        var (input, error) = PerceptronRequestReader.Read(chat.RootElement, state.Options.PerceptronModels, state.Files);
        if (error is not null)
        {
            return (null, null, 0, 0, error);
        }

        var reply = await state.Planner.PlanAsync(input!, ct).ConfigureAwait(false);
        return (reply.Content, reply.Reasoning, reply.CompletionTokens, reply.PromptTokens, null);
    }

    /// <summary>Why a prompt's own image cannot be fetched, in the gateway's words, or null when it can.</summary>
    private static async Task<string?> FetchFailureAsync(HttpClient client, Uri url, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : string.Create(CultureInfo.InvariantCulture, $"Could not fetch image at {url} (HTTP {(int)response.StatusCode}).");
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return $"Could not fetch image at {url}.";
        }
    }

    /// <summary>What the shared context costs alone: the part of each prompt's input the prefill serves again.</summary>
    private static int ContextTokens(JsonElement root, EmulatorState state)
    {
        using var empty = JsonDocument.Parse("\"\"");
        using var chat = JsonDocument.Parse(ChatRequest(root, empty.RootElement));
        return PerceptronRequestReader.Read(chat.RootElement, state.Options.PerceptronModels, state.Files) is ({ } input, null) ? input.PromptTokens : 0;
    }

    private static IEnumerable<Uri> OwnImageUrls(JsonElement prompt)
    {
        if (prompt.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var part in prompt.GetProperty("content").EnumerateArray())
        {
            if (part.TryGetProperty("image_url", out var image) && image.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String
                && Uri.TryCreate(u.GetString(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                yield return uri;
            }
        }
    }

    private static byte[] ChatRequest(JsonElement root, JsonElement prompt)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not ("context" or "prompts" or "n"))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteStartArray("messages");
            foreach (var message in root.GetProperty("context").EnumerateArray())
            {
                message.WriteTo(writer);
            }

            writer.WriteStartObject();
            writer.WriteString("role", "user");
            writer.WritePropertyName("content");
            (prompt.ValueKind == JsonValueKind.String ? prompt : prompt.GetProperty("content")).WriteTo(writer);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, string model, List<(string? Content, string? Reasoning, int Tokens, int PromptTokens, PerceptronFailure? Error)> answers, int n, int contextTokens)
    {
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", "mlcmpl-" + Guid.NewGuid().ToString("N")[..24]);
            writer.WriteString("object", "chat.completion.multilook");
            writer.WriteString("model", model);
            writer.WriteStartArray("results");
            for (var i = 0; i < answers.Count; i++)
            {
                var answer = answers[i];
                writer.WriteStartObject();
                writer.WriteNumber("prompt_index", i);
                if (answer.Error is { } error)
                {
                    writer.WriteStartObject("error");
                    writer.WriteString("message", error.Message);
                    writer.WriteString("type", error.Type);
                    if (error.Code is not null)
                    {
                        writer.WriteString("code", error.Code);
                    }

                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteStartArray("completions");
                    for (var c = 0; c < n; c++)
                    {
                        writer.WriteStartObject();
                        writer.WriteNumber("index", c);
                        writer.WriteStartObject("message");
                        writer.WriteString("role", "assistant");
                        writer.WriteString("content", answer.Content);
                        if (answer.Reasoning is not null)
                        {
                            writer.WriteString("reasoning_content", answer.Reasoning);
                        }

                        writer.WriteEndObject();
                        writer.WriteString("finish_reason", "stop");
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteStartObject("usage");
                    writer.WriteNumber("completion_tokens", answer.Tokens * n);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();

            // The shared context is counted once per prompt; all but the first prompt's share of it came from the prefill.
            var answered = answers.Where(a => a.Error is null).ToList();
            var prompt = answered.Sum(a => a.PromptTokens);
            var completion = answered.Sum(a => a.Tokens * n);
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", prompt);
            writer.WriteNumber("completion_tokens", completion);
            writer.WriteNumber("total_tokens", prompt + completion);
            writer.WriteStartObject("prompt_tokens_details");
            writer.WriteNumber("cached_tokens", Math.Max(0, answered.Count - 1) * contextTokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }
}
