namespace Connectors.Emulator.JamAI;

/// <summary>An error the JamAI server answers with; <see cref="Fields"/> holds the 422 field list.</summary>
internal sealed record JamAIFailure(int Status, string Code, string Message, IReadOnlyList<JFieldError>? Fields = null)
{
    public static JamAIFailure Validation(IReadOnlyList<JFieldError> fields) =>
        new(422, "validation_error", string.Join("\n", fields.Select(f => string.Join('.', f.Loc) + ": " + f.Msg)), fields);
}
