using System.Globalization;
using Connectors.Core;

namespace Connectors.Cli.Hosting;

/// <summary>Turns an exception into one plain sentence that says what to do, and the exit code that goes with it.</summary>
internal static class ErrorReport
{
    public static (string Message, int ExitCode) Describe(Exception error) => error switch
    {
        CliException e => (e.Message, e.ExitCode),
        ChatServiceException e => DescribeService(e),
        NotSupportedException e => (e.Message, ExitCodes.Usage),
        ArgumentException e => (PlainMessage(e), ExitCodes.Usage),
        _ => ($"Unexpected {error.GetType().Name}: {error.Message} Run again with --verbose for the details, and report it if it persists.", ExitCodes.Unexpected),
    };

    /// <summary>The message without the " (Parameter 'x')" suffix .NET appends.</summary>
    public static string PlainMessage(ArgumentException e)
    {
        var suffix = e.ParamName is null ? null : $" (Parameter '{e.ParamName}')";
        return suffix is not null && e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }

    private static (string, int) DescribeService(ChatServiceException e)
    {
        var service = ServiceName(e.ProviderName);
        var status = e.StatusCode is { } code ? $" (HTTP {(int)code})" : "";
        var request = e.RequestId is { } id ? $" Request id: {id}." : "";
        var detail = e.Message.TrimEnd('.');
        return e switch
        {
            ChatAuthenticationException => (
                $"{service} refused the credentials{status}: {detail}. Check {KeyVariable(e.ProviderName)}.{request}", ExitCodes.ServiceError),
            ChatQuotaExceededException => (
                $"{service} says the account is out of credits or quota{status}: {detail}. Top up the account or use another key.{request}", ExitCodes.ServiceError),
            ChatRateLimitException => (
                $"{service} is rate limiting this key{status}: {detail}. Try again{RetryAfter(e)}.{request}", ExitCodes.ServiceError),
            ChatInvalidRequestException => (
                $"{service} refused the request{status}: {detail}. Change what it names (model, option or input) and try again.{request}", ExitCodes.ServiceError),
            ChatServerException => (
                $"{service} failed{status}: {detail}. Try again{RetryAfter(e)}.{request}", ExitCodes.ServiceError),
            ChatTimeoutException => (
                $"{service} did not answer in time: {detail}. Try again, or check the endpoint ({BaseVariable(e.ProviderName)} or --endpoint).", ExitCodes.Unreachable),
            ChatStreamException => (
                $"{service}'s answer broke off: {detail}. Try again, or run without --stream.{request}", ExitCodes.ServiceError),
            _ when e.StatusCode is null => (
                $"{detail}. Check the endpoint ({BaseVariable(e.ProviderName)} or --endpoint) and the network, or use --emulator to work offline.", ExitCodes.Unreachable),
            _ => ($"{service} answered with an error{status}: {detail}.{request}", ExitCodes.ServiceError),
        };
    }

    private static string RetryAfter(ChatServiceException e) =>
        e.RetryAfter is { } wait ? string.Create(CultureInfo.InvariantCulture, $" in {Math.Ceiling(wait.TotalSeconds)} s") : " later";

    private static string ServiceName(string? provider) => provider switch
    {
        "perceptron" => "Perceptron",
        "jamai" => "JamAI Base",
        _ => "The service",
    };

    private static string KeyVariable(string? provider) => provider == "jamai" ? "JAMAI_TOKEN (and JAMAI_PROJECT_ID)" : "PERCEPTRON_API_KEY";

    private static string BaseVariable(string? provider) => provider == "jamai" ? "JAMAI_API_BASE" : "PERCEPTRON_BASE_URL";
}
