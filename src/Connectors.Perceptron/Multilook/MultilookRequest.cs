using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Multilook;

/// <summary>
/// Builds the body of <c>POST /chat/completions/multilook</c> from the chat body the same messages and options would
/// send: its <c>messages</c> split into the shared <c>context</c> and the <c>prompts</c>, and checked against what the
/// endpoint takes (the SDK's limits: 1–16 prompts, 1–8 answers each, 64 in all).
/// </summary>
internal static class MultilookRequest
{
    public const int MaxPrompts = 16;
    public const int MaxAnswersPerPrompt = 8;
    public const int MaxAnswers = 64;

    private static readonly HashSet<string> Taken = new(StringComparer.Ordinal)
    {
        "model", "messages", "max_completion_tokens", "temperature", "top_p", "top_k", "frequency_penalty", "presence_penalty", "reasoning_effort", "vision_config",
    };

    /// <summary>Checks the context, the prompts and the answer count before anything is built.</summary>
    /// <exception cref="ArgumentException">A limit is passed or a prompt is not a user message with content.</exception>
    /// <exception cref="NotSupportedException">The context holds tool calls or tool results, which multilook refuses.</exception>
    public static void Validate(IReadOnlyList<ChatMessage> context, IReadOnlyList<ChatMessage> prompts, int answersPerPrompt, ChatOptions? options)
    {
        for (var i = 0; i < context.Count; i++)
        {
            if (context[i].Role == ChatRole.Tool || context[i].Contents.Any(c => c is FunctionCallContent or FunctionResultContent))
            {
                throw new NotSupportedException($"Perceptron's multilook context cannot hold tool calls or tool results (context message {i}): finish the tool loop in chat, then ask with its answer as text.");
            }
        }

        if (prompts.Count is 0 or > MaxPrompts)
        {
            throw new ArgumentException($"Multilook takes 1 to {MaxPrompts} prompts, not {prompts.Count}.", nameof(prompts));
        }

        if (prompts.FirstOrDefault(p => p.Role != ChatRole.User || p.Contents.Count == 0) is { } bad)
        {
            throw new ArgumentException($"Each multilook prompt must be a user message with content, not a {bad.Role} message with {bad.Contents.Count} parts.", nameof(prompts));
        }

        if (answersPerPrompt is < 1 or > MaxAnswersPerPrompt || prompts.Count * answersPerPrompt > MaxAnswers)
        {
            throw new ArgumentOutOfRangeException(nameof(answersPerPrompt), answersPerPrompt, $"Multilook gives 1 to {MaxAnswersPerPrompt} answers per prompt and at most {MaxAnswers} in all ({prompts.Count} prompts × {answersPerPrompt}).");
        }

        if (answersPerPrompt > 1 && options?.Temperature is not > 0)
        {
            throw new ArgumentException("Several answers per prompt need ChatOptions.Temperature above 0 (the API reads an unset temperature as 0, which would give the same answer each time).", nameof(answersPerPrompt));
        }
    }

    /// <summary>The multilook body from the chat body of <c>context + prompts</c>.</summary>
    /// <exception cref="NotSupportedException">The options set a field multilook does not take (tools, a response format, a regex, stop, seed, ...).</exception>
    public static JsonObject FromChatBody(JsonObject chat, int promptCount, int answersPerPrompt)
    {
        var refused = chat.Select(p => p.Key).Where(k => !Taken.Contains(k) && k is not ("stream" or "stream_options")).ToList();
        if (refused.Count > 0)
        {
            throw new NotSupportedException($"Perceptron's multilook does not take {string.Join(", ", refused.Select(k => $"'{k}'"))} (no tools, response format, regex, stop or seed): remove it from the options.");
        }

        var messages = chat["messages"]!.AsArray();
        var body = new JsonObject { ["model"] = chat["model"]?.DeepClone() };
        var context = new JsonArray();
        var prompts = new JsonArray();
        for (var i = 0; i < messages.Count; i++)
        {
            JsonNode message = messages[i]!.DeepClone();
            if (i < messages.Count - promptCount)
            {
                context.Add(message);
            }
            else
            {
                // A prompt is a string, or {"content":[parts]} with no other key.
                var content = message["content"];
                JsonNode prompt = content is JsonValue text ? text.DeepClone() : new JsonObject { ["content"] = content?.DeepClone() };
                prompts.Add(prompt);
            }
        }

        body["context"] = context;
        body["prompts"] = prompts;
        if (answersPerPrompt > 1)
        {
            body["n"] = answersPerPrompt;
        }

        foreach (var (key, value) in chat)
        {
            if (key is not ("model" or "messages" or "stream" or "stream_options"))
            {
                body[key] = value?.DeepClone();
            }
        }

        return body;
    }

    /// <summary>The name of a prompt in messages.</summary>
    public static string Name(int index) => string.Create(CultureInfo.InvariantCulture, $"multilook prompt {index}");
}
