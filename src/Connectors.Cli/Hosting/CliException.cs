namespace Connectors.Cli.Hosting;

/// <summary>A failure the user can fix, told in one sentence with the fix, and the exit code it ends with.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.Usage, Exception? innerException = null)
        : base(message, innerException) => ExitCode = exitCode;

    /// <summary>The process exit code (see <see cref="ExitCodes"/>).</summary>
    public int ExitCode { get; }
}
