using Connectors.Perceptron.Grounding;

namespace Connectors.Perceptron.Tests.Grounding;

public class StreamingTests
{
    [Theory]
    [MemberData(nameof(FixtureTests.AllNames), MemberType = typeof(FixtureTests))]
    public void EveryThreeWaySplitEmitsTheWholeTextLeaves(string name)
    {
        var text = Fixtures.Read(name);
        var expected = GroundingParser.Parse(text);
        Assert.NotEmpty(expected.Leaves);

        for (var a = 0; a <= text.Length; a++)
        {
            for (var b = a; b <= text.Length; b++)
            {
                var parser = new StreamingGroundingParser();
                var emitted = new List<GroundingAnnotation>();
                emitted.AddRange(parser.Append(text.AsSpan(0, a)));
                emitted.AddRange(parser.Append(text.AsSpan(a, b - a)));
                emitted.AddRange(parser.Append(text.AsSpan(b)));
                var final = parser.Complete();

                // A truncated container is decided only at the end; its leaves are not.
                Assert.True(expected.Leaves.SequenceEqual(emitted), $"{name} split at {a},{b}");
                AssertSameResult(expected, final);
            }
        }
    }

    [Fact]
    public void LeafIsEmittedInTheChunkHoldingItsClosingTag()
    {
        var parser = new StreamingGroundingParser();

        Assert.Empty(parser.Append("<collection mention=\"ca"));
        Assert.Empty(parser.Append("t\"><point_box> (10,20) (100,200) </point_b"));
        var leaves = parser.Append("ox><point> (5,5) </point>");

        Assert.Equal(2, leaves.Count);
        Assert.Equal("cat", leaves[0].Mention);
        Assert.IsType<BoxAnnotation>(leaves[0]);
        Assert.IsType<PointAnnotation>(leaves[1]);
        var final = parser.Complete();
        Assert.True(Assert.IsType<CollectionAnnotation>(Assert.Single(final.Annotations)).IsIncomplete);
    }

    [Fact]
    public void CompleteIsIdempotentAndAppendAfterItThrows()
    {
        var parser = new StreamingGroundingParser();
        parser.Append("<point> (1,2) </point>");

        var first = parser.Complete();

        Assert.Same(first, parser.Complete());
        Assert.Throws<InvalidOperationException>(() => parser.Append("x"));
    }

    [Fact]
    public void CharByCharStreamingOfAllFixturesMatches()
    {
        var text = string.Join("\n", Fixtures.Names.Select(Fixtures.Read));
        var expected = GroundingParser.Parse(text);
        var parser = new StreamingGroundingParser();
        var emitted = new List<GroundingAnnotation>();
        foreach (var c in text)
        {
            emitted.AddRange(parser.Append(c.ToString()));
        }

        Assert.Equal(expected.Leaves, emitted);
        AssertSameResult(expected, parser.Complete());
    }

    internal static void AssertSameResult(GroundingResult expected, GroundingResult actual)
    {
        Assert.Equal(expected.Annotations, actual.Annotations);
        Assert.Equal(expected.Leaves, actual.Leaves);
        Assert.Equal(expected.Errors, actual.Errors);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Reasoning, actual.Reasoning);
    }
}
