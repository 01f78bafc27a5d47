using System.Diagnostics;
using System.Text;
using Connectors.Perceptron.Grounding;

namespace Connectors.Perceptron.Tests.Grounding;

public class FuzzTests
{
    private const int Inputs = 100_000;
    private const int MaxLength = 10_000;
    private static readonly TimeSpan PerInputBound = TimeSpan.FromMilliseconds(50);

    private static readonly string[] Pieces =
    [
        "<point", "</point>", "<point_box", "</point_box>", "<polygon", "</polygon>", "<collection", "</collection>",
        "<track", "</track>", "<clip", "/>", "<think>", "</think>", "<POINT>", "<", ">", "\"", "'", "=", " ", "\n",
        "mention=", "mention=\"x\"", "t=", "t=\"1.5 seconds\"", "t='10 20'", "asset_idx=", "asset_idx=\"1\"",
        "(", ")", ",", "(1,2)", " 10 20 ", "99999999999999999999", "-5", "1.5", "&amp;", "&#x110000;", "&#99999999999;",
        "&", ";", "\u2028", "\0", "\uD800", "<collection mention=\"a\">", "<point> (1,2) </point>",
        "&nbsp", "&notit;", "&NotEqualTilde;", "&#128", "t=\".5\"", "t=\"1e1\"", "t=\"1, 2\"", "asset_idx=\"+1\"",
        "asset_idx=\"2\"", "/ >", "<track mention=\"t\">", "<clip t=\"1\" />", "<point_box> (1,2) (3,4) </point_box>",
        "<point t=\"1\" asset_idx=\"1\"> (1,2) </point>", "<track/>",
    ];

    [Fact]
    public void RandomAndMutatedInputsNeverThrowAndStayFast()
    {
        var random = new Random(20240611);
        var fixtures = Fixtures.Names.Select(Fixtures.Read).ToArray();

        // Warm up the JIT so that the first input is not measured with it.
        Run(string.Join("\n", fixtures), random);

        var slowest = TimeSpan.Zero;
        var slowestInput = "";
        var total = Stopwatch.StartNew();
        for (var n = 0; n < Inputs; n++)
        {
            var input = Generate(random, fixtures, n);
            var elapsed = Run(input, random);
            if (elapsed > PerInputBound)
            {
                // Re-measure before blaming the parser for a pause of the machine.
                elapsed = Enumerable.Range(0, 3).Min(_ => Run(input, random));
            }

            if (elapsed > slowest)
            {
                (slowest, slowestInput) = (elapsed, input);
            }
        }

        Assert.True(slowest < PerInputBound, $"slowest input took {slowest.TotalMilliseconds} ms ({slowestInput.Length} chars)");
        Assert.True(total.Elapsed < TimeSpan.FromSeconds(60), $"the fuzz run took {total.Elapsed}");
    }

    [Theory]
    [InlineData("<point mention=\"")]
    [InlineData("<point mention='a' t=\"")]
    [InlineData("<collection>")]
    [InlineData("<collection mention=\"a\"><track>")]
    [InlineData("<point>")]
    [InlineData("<point> 1 2 ")]
    [InlineData("<think>")]
    [InlineData("<point a=<point ")]
    [InlineData("<point a=\"<point b=\"")]
    [InlineData("&#x41;<clip t=")]
    [InlineData("<track mention=\"a\"><point t=\"1\"> (1,1) </point>")]
    [InlineData("<collection><track/>")]
    [InlineData("<point , ; / \"x\" ")]
    [InlineData("<point mention=\"&nbsp&notit;&#128\"> (1,1) </point>")]
    public void RepeatedFragmentsParseInLinearTime(string fragment)
    {
        var input = new StringBuilder().Insert(0, fragment, MaxLength / fragment.Length).ToString();
        Run(input, new Random(1));

        var elapsed = Enumerable.Range(0, 3).Min(_ => Run(input, new Random(1)));

        Assert.True(elapsed < PerInputBound, $"{elapsed.TotalMilliseconds} ms");
    }

    private static TimeSpan Run(string input, Random random)
    {
        var watch = Stopwatch.StartNew();
        var whole = GroundingParser.Parse(input);

        var parser = new StreamingGroundingParser();
        var emitted = 0;
        var position = 0;
        while (position < input.Length)
        {
            var length = Math.Min(input.Length - position, random.Next(1, 64));
            foreach (var leaf in parser.Append(input.AsSpan(position, length)))
            {
                // Streamed leaves are always the first leaves of the whole-text parse, in order.
                GroundingAssert.Equal(whole.Leaves[emitted++], leaf);
            }

            position += length;
        }

        var streamed = parser.Complete();
        watch.Stop();

        Assert.Equal(whole.Leaves.Count, streamed.Leaves.Count);
        Assert.Equal(whole.Annotations.Count, streamed.Annotations.Count);
        Assert.Equal(whole.Errors.Count, streamed.Errors.Count);
        Assert.Equal(whole.Text, streamed.Text);

        // The SDK's stripping rule never throws either (not timed: it is not on the parsing path).
        Assert.NotNull(GroundingParser.StripTags(input));
        return watch.Elapsed;
    }

    private static string Generate(Random random, string[] fixtures, int n)
    {
        switch (n % 5)
        {
            case 0:
                // Random characters, biased towards the grammar's punctuation.
                var chars = new char[random.Next(0, 400)];
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = random.Next(4) == 0 ? "<>\"'=/ (),0123456789"[random.Next(20)] : (char)random.Next(0, 0x10000);
                }

                return new string(chars);
            case 1:
                // Pieces of the grammar in random order.
                var pieces = new StringBuilder();
                var count = random.Next(1, 120);
                for (var i = 0; i < count; i++)
                {
                    pieces.Append(Pieces[random.Next(Pieces.Length)]);
                }

                return pieces.ToString();
            case 2:
                // Deeply repeated or nested containers.
                var depth = random.Next(1, 400);
                var nested = new StringBuilder();
                for (var i = 0; i < depth && nested.Length < MaxLength - 200; i++)
                {
                    nested.Append(random.Next(3) switch
                    {
                        0 => "<collection mention=\"c\">",
                        1 => "<track t=\"1\">",
                        _ => "<point_box> (1,2) (3,4) </point_box>",
                    });
                }

                for (var i = 0; i < depth / 2; i++)
                {
                    nested.Append(random.Next(2) == 0 ? "</collection>" : "</track>");
                }

                return nested.ToString();
            default:
                return Mutate(random, fixtures);
        }
    }

    private static string Mutate(Random random, string[] fixtures)
    {
        var text = new StringBuilder(fixtures[random.Next(fixtures.Length)]);
        var edits = random.Next(1, 12);
        for (var e = 0; e < edits && text.Length < MaxLength; e++)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(6))
            {
                case 0:
                    text.Remove(at, Math.Min(random.Next(1, 20), text.Length - at));
                    break;
                case 1:
                    text.Insert(at, Pieces[random.Next(Pieces.Length)]);
                    break;
                case 2:
                    text.Insert(at, (char)random.Next(0, 0x10000));
                    break;
                case 3:
                    var length = Math.Min(random.Next(1, 200), text.Length - at);
                    var copies = random.Next(1, 20);
                    var copy = text.ToString(at, length);
                    for (var c = 0; c < copies && text.Length < MaxLength; c++)
                    {
                        text.Insert(at, copy);
                    }

                    break;
                case 4:
                    text.Append(fixtures[random.Next(fixtures.Length)]);
                    break;
                default:
                    text.Length = at;
                    break;
            }
        }

        return text.Length > MaxLength ? text.ToString(0, MaxLength) : text.ToString();
    }
}
