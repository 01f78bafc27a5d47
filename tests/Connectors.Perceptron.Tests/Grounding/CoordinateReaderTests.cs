using Connectors.Perceptron.Grounding;

namespace Connectors.Perceptron.Tests.Grounding;

public class CoordinateReaderTests
{
    [Fact]
    public void The_one_pass_form_reads_every_body_as_the_general_reader_does()
    {
        // Bodies from the characters coordinates are made of, biased towards the (x,y) form the fast path takes.
        var random = new Random(20261201);
        const string alphabet = "(),  0123456789\t.-+";
        var fastBodies = 0;
        for (var n = 0; n < 50_000; n++)
        {
            var body = n % 2 == 0 ? Pairs(random) : new string([.. Enumerable.Range(0, random.Next(0, 24)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var expected = new int[CoordinateReader.MaxNumbers(body.Length)];
            var actual = new int[expected.Length];

            var expectedReason = CoordinateReader.TryReadAnyForm(body, expected, out var expectedCount);
            var actualReason = CoordinateReader.TryRead(body, actual, out var actualCount);

            Assert.True(expectedReason == actualReason, $"'{body}': '{actualReason}' instead of '{expectedReason}'");
            if (expectedReason is null)
            {
                fastBodies++;
                Assert.True(expected.AsSpan(0, expectedCount).SequenceEqual(actual.AsSpan(0, actualCount)), $"'{body}' read differently");
            }
        }

        Assert.True(fastBodies > 20_000, $"only {fastBodies} bodies were coordinates");
    }

    private static string Pairs(Random random)
    {
        var parts = Enumerable.Range(0, random.Next(0, 5)).Select(_ =>
        {
            var x = random.Next(0, 6) == 0 ? new string('9', random.Next(8, 12)) : random.Next(0, 1001).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var y = random.Next(0, 1001).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return random.Next(0, 4) switch
            {
                0 => $"({x},{y})",
                1 => $"({x}, {y})",
                2 => $"( {x},{y} )",
                _ => $"({x},  {y})",
            };
        });
        return (random.Next(0, 2) == 0 ? " " : "") + string.Join(random.Next(0, 3) == 0 ? "" : " ", parts) + (random.Next(0, 2) == 0 ? " " : "");
    }
}
