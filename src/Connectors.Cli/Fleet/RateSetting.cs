using System.Globalization;
using Connectors.Cli.Hosting;

namespace Connectors.Cli.Fleet;

/// <summary>A client-side limit: <see cref="Permits"/> requests per <see cref="Window"/>; no permits means no limit.</summary>
internal readonly record struct RateSetting(int Permits, TimeSpan Window)
{
    /// <summary>Reads <c>300</c> (a minute), <c>300/1m</c>, <c>60/5s</c> or <c>0</c> (no limit).</summary>
    /// <exception cref="CliException">The text is none of those.</exception>
    public static RateSetting? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var countText = slash < 0 ? text : text[..slash];
        var window = slash < 0 ? TimeSpan.FromMinutes(1) : ParseWindow(text[(slash + 1)..]);
        return int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var permits) && window is { } w
            ? new RateSetting(permits, w)
            : throw new CliException($"--rate must be a number of requests a minute (300), a number per window (60/5s, 300/1m) or 0 for no client-side limit, not '{text}'.");
    }

    private static TimeSpan? ParseWindow(string text)
    {
        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return null;
        }

        return text[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            _ => null,
        };
    }
}
