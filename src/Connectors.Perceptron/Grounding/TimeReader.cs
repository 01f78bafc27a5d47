using System.Globalization;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// Reads <c>t</c> values: <c>1.5</c>, <c>.5</c>, <c>1e1</c>, <c>1.5s</c>, <c>1.5 sec</c>, <c>1.5 seconds</c>, <c>1 second</c>,
/// and ranges of two separated by whitespace, <c>-</c>, <c>,</c> or <c>to</c>.
/// </summary>
internal static class TimeReader
{
    // About 31 years: keeps TimeSpan arithmetic far from overflow on absurd model output.
    private const double MaxSeconds = 1e9;

    /// <summary>Reads exactly one time.</summary>
    public static bool TryReadTime(ReadOnlySpan<char> text, out TimeSpan time)
    {
        var i = 0;
        if (!TryReadOne(text, ref i, out time))
        {
            return false;
        }

        SkipSpace(text, ref i);
        return i == text.Length;
    }

    /// <summary>Reads one time or a range of two (separated by whitespace, <c>-</c>, <c>,</c> or <c>to</c>).</summary>
    public static bool TryReadRange(ReadOnlySpan<char> text, out TimeSpan start, out TimeSpan? end)
    {
        end = null;
        var i = 0;
        if (!TryReadOne(text, ref i, out start))
        {
            return false;
        }

        SkipSpace(text, ref i);
        if (i == text.Length)
        {
            return true;
        }

        if (text[i] is '-' or ',')
        {
            i++;
        }
        else if (text[i..].StartsWith("to", StringComparison.OrdinalIgnoreCase))
        {
            i += 2;
        }

        SkipSpace(text, ref i);
        if (!TryReadOne(text, ref i, out var second))
        {
            return false;
        }

        SkipSpace(text, ref i);
        if (i != text.Length)
        {
            return false;
        }

        end = second;
        return true;
    }

    private static bool TryReadOne(ReadOnlySpan<char> text, ref int i, out TimeSpan time)
    {
        time = default;
        SkipSpace(text, ref i);
        var start = i;
        var digits = SkipDigits(text, ref i);
        if (i < text.Length && text[i] == '.')
        {
            // "1.5" and ".5", not "1." (as the SDK reads them).
            i++;
            if (SkipDigits(text, ref i) == 0)
            {
                return false;
            }
        }
        else if (digits == 0)
        {
            return false;
        }

        // An exponent ("1e1", "5E-1") counts only with its digits; otherwise the "e" is not part of the number.
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var e = i + 1;
            if (e < text.Length && text[e] is '+' or '-')
            {
                e++;
            }

            if (SkipDigits(text, ref e) > 0)
            {
                i = e;
            }
        }

        if (!double.TryParse(text[start..i], NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var seconds) ||
            !double.IsFinite(seconds) || seconds > MaxSeconds)
        {
            return false;
        }

        var afterNumber = i;
        SkipSpace(text, ref i);
        var unit = ReadUnit(text[i..]);
        if (unit > 0)
        {
            i += unit;
        }
        else
        {
            i = afterNumber;
        }

        time = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    private static int ReadUnit(ReadOnlySpan<char> text)
    {
        var letters = 0;
        while (letters < text.Length && char.IsAsciiLetter(text[letters]))
        {
            letters++;
        }

        var word = text[..letters];
        return word.Equals("s", StringComparison.OrdinalIgnoreCase) ||
            word.Equals("sec", StringComparison.OrdinalIgnoreCase) ||
            word.Equals("secs", StringComparison.OrdinalIgnoreCase) ||
            word.Equals("second", StringComparison.OrdinalIgnoreCase) ||
            word.Equals("seconds", StringComparison.OrdinalIgnoreCase)
            ? letters
            : 0;
    }

    private static int SkipDigits(ReadOnlySpan<char> text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i - start;
    }

    private static void SkipSpace(ReadOnlySpan<char> text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }
}
