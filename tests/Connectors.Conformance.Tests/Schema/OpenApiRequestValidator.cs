using NJsonSchema;
using NJsonSchema.Validation;
using NSwag;

namespace Connectors.Conformance.Tests.Schema;

/// <summary>One finding of the schema validator: where, what kind, and the validator's own description.</summary>
public sealed record SchemaError(string? Path, ValidationErrorKind Kind, string Description);

/// <summary>Validates request bodies against OpenAI's <c>CreateChatCompletionRequest</c> schema (vendor fields are extra properties).</summary>
internal static class OpenApiRequestValidator
{
    private static readonly Lazy<Task<JsonSchema>> Schema = new(async () =>
    {
        var document = await OpenApiDocument.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "openapi", "openai-chat-completions.json"));
        return document.Components.Schemas["CreateChatCompletionRequest"];
    });

    /// <summary>
    /// The validator's findings for <paramref name="body"/>, flattened to the leaf rules that failed (an <c>allOf</c>
    /// or <c>oneOf</c> failure is reported through the rules that failed inside it); empty when it matches the schema.
    /// </summary>
    public static async Task<IReadOnlyList<SchemaError>> ValidateAsync(string body)
    {
        var schema = await Schema.Value;
        var leaves = new List<SchemaError>();
        foreach (var error in schema.Validate(body))
        {
            Flatten(error, leaves);
        }

        return leaves;

        static void Flatten(ValidationError error, List<SchemaError> into)
        {
            if (error is ChildSchemaValidationError parent && parent.Errors.Values.Any(e => e.Count > 0))
            {
                foreach (var child in parent.Errors.Values.SelectMany(e => e))
                {
                    Flatten(child, into);
                }
            }
            else
            {
                into.Add(new SchemaError(error.Path, error.Kind, error.ToString()));
            }
        }
    }

    /// <summary>Fails unless <paramref name="body"/> matches the schema, apart from findings <paramref name="isDeviation"/> explains.</summary>
    public static async Task AssertValidAsync(string body, Func<SchemaError, bool>? isDeviation = null)
    {
        var errors = (await ValidateAsync(body)).Where(e => isDeviation?.Invoke(e) != true).ToList();
        Assert.True(errors.Count == 0, $"The request does not match CreateChatCompletionRequest:\n{string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind} {e.Description}"))}\n{body}");
    }
}
