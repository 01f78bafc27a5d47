using Connectors.Emulator.Faults;

namespace Connectors.Emulator.Perceptron.Files;

/// <summary>
/// The Files API's published limits per key and route, per minute (or per <see cref="EmulatorOptions.RateLimitWindow"/>
/// when a test shortens it): upload 60, list 100, retrieve 100, content 30. Delete has no published limit.
/// </summary>
internal sealed class FileRateLimits(TimeSpan window) : IDisposable
{
    public KeyRateLimiter Upload { get; } = new(60, window);

    public KeyRateLimiter List { get; } = new(100, window);

    public KeyRateLimiter Retrieve { get; } = new(100, window);

    public KeyRateLimiter Content { get; } = new(30, window);

    public void Dispose()
    {
        Upload.Dispose();
        List.Dispose();
        Retrieve.Dispose();
        Content.Dispose();
    }
}
