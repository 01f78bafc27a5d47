using System.Globalization;

namespace Connectors.Perceptron.Grounding;

/// <summary>Reads <c>t</c> values: <c>1.5</c>, <c>1.5s</c>, <c>1.5 seconds</c>, <c>1 second</c>, and ranges of two.</summary>
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

    /// <summary>Reads one time or a range of two (separated by space, <c>-</c> or <c>to</c>).</summary>
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

        if (text[i] == '-')
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
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i == start)
        {
            return false;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            var fraction = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == fraction)
            {
                return false;
            }
        }

        if (!double.TryParse(text[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) ||
            seconds > MaxSeconds)
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

    private static void SkipSpace(ReadOnlySpan<char> text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }
}
