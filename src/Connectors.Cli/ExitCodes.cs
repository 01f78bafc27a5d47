namespace Connectors.Cli;

/// <summary>The process exit codes of the <c>connectors</c> tool (listed in the top-level README).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>Something failed that the tool did not foresee (a bug): the message says what, <c>--verbose</c> shows the stack.</summary>
    public const int Unexpected = 1;

    /// <summary>The command line or its input is wrong: an unknown option, a missing file, a file that is not an image.</summary>
    public const int Usage = 2;

    /// <summary>The settings are incomplete or invalid: no API key for a real endpoint, a malformed base URL.</summary>
    public const int Configuration = 3;

    /// <summary>The service answered with an error: authentication, quota, rate limit, invalid request, server error.</summary>
    public const int ServiceError = 4;

    /// <summary>The service could not be reached, or it did not answer in time.</summary>
    public const int Unreachable = 5;

    /// <summary>Cancelled with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
