using System.Text.RegularExpressions;

namespace Connectors.Emulator.Logging;

/// <summary>Keeps secrets and bulky media out of the request log.</summary>
internal static partial class Redactor
{
    public static string Header(string name, string value)
    {
        if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
        {
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            return space > 0 ? value[..space] + " ***" : "***";
        }

        var lower = name.ToLowerInvariant();
        return lower.Contains("key", StringComparison.Ordinal) || lower.Contains("token", StringComparison.Ordinal)
            || lower.Contains("secret", StringComparison.Ordinal) || lower.Contains("cookie", StringComparison.Ordinal)
            ? "***"
            : value;
    }

    public static string Body(string body) =>
        DataUrl().Replace(body, m => $"{m.Groups[1].Value}{m.Groups[2].Value[..32]}...({m.Groups[2].Length} chars)");

    // JSON writers may escape '+' as \u002B and '/' as \/ inside the base64 text.
    [GeneratedRegex(@"(data:[^;,""\s]+;base64,)((?:[A-Za-z0-9+/=]|\\u002[Bb]|\\/){64,})")]
    private static partial Regex DataUrl();
}
