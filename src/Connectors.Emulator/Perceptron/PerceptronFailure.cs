namespace Connectors.Emulator.Perceptron;

/// <summary>An error the Perceptron gateway answers with: status plus the <c>error</c> object's fields.</summary>
internal sealed record PerceptronFailure(int Status, string Message, string? Type, string? Param, string? Code)
{
    public static PerceptronFailure Invalid(string message, string? param, string code) =>
        new(400, message, "invalid_request_error", param, code);

    public static PerceptronFailure Unsupported(string param, string message) =>
        new(400, message, "invalid_request_error", param, "unsupported_parameter");
}
