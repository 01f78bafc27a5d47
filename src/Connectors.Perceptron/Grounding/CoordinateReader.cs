namespace Connectors.Perceptron.Grounding;

/// <summary>Reads the body of a point, box or polygon: <c>(x,y)</c> pairs or bare unsigned integers.</summary>
internal static class CoordinateReader
{
    /// <summary>The most numbers a body of <paramref name="length"/> characters can hold (each needs a separator).</summary>
    public static int MaxNumbers(int length) => (length / 2) + 1;

    /// <summary>
    /// Reads the numbers of <paramref name="body"/> into <paramref name="numbers"/> (x, y, x, y...; it must hold
    /// <see cref="MaxNumbers"/> of the body's length), or returns the reason they are not coordinates.
    /// </summary>
    public static string? TryRead(ReadOnlySpan<char> body, Span<int> numbers, out int count) =>
        TryReadPlainPairs(body, numbers, out count) ? null : TryReadAnyForm(body, numbers, out count);

    /// <summary>The general reader: every spelling of coordinates, and the reason when they are not.</summary>
    internal static string? TryReadAnyForm(ReadOnlySpan<char> body, Span<int> numbers, out int count)
    {
        count = 0;
        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            if (c is ',' or ' ' || char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            string? reason;
            if (c == '(')
            {
                i++;
                SkipSpace(body, ref i);
                if ((reason = ReadNumber(body, ref i, out var x)) is not null)
                {
                    return reason;
                }

                SkipSpace(body, ref i);
                if (i < body.Length && body[i] == ',')
                {
                    i++;
                    SkipSpace(body, ref i);
                }

                if ((reason = ReadNumber(body, ref i, out var y)) is not null)
                {
                    return reason;
                }

                SkipSpace(body, ref i);
                if (i >= body.Length || body[i] != ')')
                {
                    return "a coordinate tuple must hold exactly two numbers";
                }

                i++;
                numbers[count++] = x;
                numbers[count++] = y;
                continue;
            }

            if ((reason = ReadNumber(body, ref i, out var bare)) is not null)
            {
                return reason;
            }

            numbers[count++] = bare;
        }

        return count % 2 != 0 ? "an odd count of coordinates" : null;
    }

    /// <summary>
    /// The form models write, <c>(x,y)</c> or <c>(x, y)</c> separated by spaces, read in one pass. Anything else
    /// (other whitespace, bare numbers, signs, decimals, ten digits or more) returns <see langword="false"/> and
    /// goes to the general reader, which reads this form to the same numbers.
    /// </summary>
    private static bool TryReadPlainPairs(ReadOnlySpan<char> body, Span<int> numbers, out int count)
    {
        count = 0;
        var i = 0;
        while (true)
        {
            while (i < body.Length && body[i] == ' ')
            {
                i++;
            }

            if (i == body.Length)
            {
                return true;
            }

            if (body[i] != '(' || !TryReadDigits(body, ref i, out var x) || i >= body.Length || body[i] != ',')
            {
                return false;
            }

            if (i + 1 < body.Length && body[i + 1] == ' ')
            {
                i++;
            }

            if (!TryReadDigits(body, ref i, out var y) || i >= body.Length || body[i] != ')')
            {
                return false;
            }

            i++;
            numbers[count++] = x;
            numbers[count++] = y;
        }
    }

    /// <summary>Reads one to nine digits after the character at <paramref name="i"/>, leaving <paramref name="i"/> on the one after them.</summary>
    private static bool TryReadDigits(ReadOnlySpan<char> body, ref int i, out int value)
    {
        var start = ++i;
        value = 0;
        uint digit;
        while (i < body.Length && (digit = (uint)(body[i] - '0')) <= 9)
        {
            value = (value * 10) + (int)digit;
            i++;
        }

        return i > start && i - start <= 9;
    }

    /// <summary>Pairs up numbers read by <see cref="TryRead"/> into a new array.</summary>
    public static GridPoint[] ToPoints(ReadOnlySpan<int> numbers)
    {
        var points = new GridPoint[numbers.Length / 2];
        for (var k = 0; k < points.Length; k++)
        {
            points[k] = new GridPoint(numbers[2 * k], numbers[(2 * k) + 1]);
        }

        return points;
    }

    private static string? ReadNumber(ReadOnlySpan<char> body, ref int i, out int value)
    {
        value = 0;
        if (i >= body.Length)
        {
            return "a coordinate is missing";
        }

        if (body[i] is '-' or '+')
        {
            return "signed numbers are not coordinates";
        }

        if (!char.IsAsciiDigit(body[i]))
        {
            return "text that is not a coordinate";
        }

        long v = 0;
        while (i < body.Length && char.IsAsciiDigit(body[i]))
        {
            v = (v * 10) + (body[i] - '0');
            if (v > int.MaxValue)
            {
                return "a coordinate is too large";
            }

            i++;
        }

        if (i < body.Length && body[i] == '.')
        {
            return "decimal numbers are not coordinates";
        }

        value = (int)v;
        return null;
    }

    private static void SkipSpace(ReadOnlySpan<char> body, ref int i)
    {
        while (i < body.Length && char.IsWhiteSpace(body[i]))
        {
            i++;
        }
    }
}
