using NJsonSchema;
using NSwag;

namespace Connectors.Conformance.Tests;

/// <summary>Validates request bodies against OpenAI's <c>CreateChatCompletionRequest</c> schema (vendor fields are extra properties).</summary>
internal static class OpenApiRequestValidator
{
    private static readonly Lazy<Task<JsonSchema>> Schema = new(async () =>
    {
        var document = await OpenApiDocument.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "openapi", "openai-chat-completions.json"));
        return document.Components.Schemas["CreateChatCompletionRequest"];
    });

    public static async Task AssertValidAsync(string body)
    {
        var schema = await Schema.Value;
        var errors = schema.Validate(body);
        Assert.True(errors.Count == 0, $"The request does not match CreateChatCompletionRequest:\n{string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind} {e}"))}\n{body}");
    }
}
