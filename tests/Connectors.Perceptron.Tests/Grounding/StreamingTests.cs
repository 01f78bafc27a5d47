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
                Assert.True(GroundingAssert.SequenceEqual(expected.Leaves, emitted), $"{name} split at {a},{b}");
                AssertSameResult(expected, final);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SdkRulesTests.InputData), MemberType = typeof(SdkRulesTests))]
    public void EveryThreeWaySplitOfTracksClipsAndMalformedInputMatchesTheWholeTextParse(string text)
    {
        var expected = GroundingParser.Parse(text);
        for (var a = 0; a <= text.Length; a++)
        {
            for (var b = a; b <= text.Length; b++)
            {
                foreach (var collectText in (bool[])[true, false])
                {
                    var parser = new StreamingGroundingParser(collectText);
                    var emitted = new List<GroundingAnnotation>();
                    emitted.AddRange(parser.Append(text.AsSpan(0, a)));
                    emitted.AddRange(parser.Append(text.AsSpan(a, b - a)));
                    emitted.AddRange(parser.Append(text.AsSpan(b)));
                    var final = parser.Complete();

                    Assert.True(GroundingAssert.SequenceEqual(expected.Leaves, emitted), $"split at {a},{b}");
                    GroundingAssert.Equal(expected.Annotations, final.Annotations);
                    GroundingAssert.Equal(expected.Leaves, final.Leaves);
                    GroundingAssert.Equal(expected.Errors, final.Errors);
                    Assert.Equal(collectText ? expected.Text : string.Empty, final.Text);
                }
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

        GroundingAssert.Equal(expected.Leaves, emitted);
        AssertSameResult(expected, parser.Complete());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(333)]
    public void LongStreamsMatchTheWholeTextParseWithAbsoluteErrorPositions(int chunkSize)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < 400; i++)
        {
            sb.Append("Item ").Append(i).Append(": ");
            sb.Append((i % 5) switch
            {
                0 => $"<point mention=\"p{i}\" t=\"bad\"> ({i % 1000},{i % 700}) </point>",
                1 => $"<point_box mention='b{i}'> (1,2) (30,40) </point_box>",
                2 => "<point mention=\"never closed> (1,2) </point> ",
                3 => $"<collection mention=\"c{i}\"> <polygon> (1,1) (9,1) (5,9) </polygon> </collection>",
                _ => "a < b, <point> (1,2,3) </point> ",
            });
        }

        var text = sb.ToString();
        var expected = GroundingParser.Parse(text);
        Assert.Contains(expected.Errors, e => e.Position > text.Length / 2);

        var parser = new StreamingGroundingParser();
        var emitted = new List<GroundingAnnotation>();
        for (var offset = 0; offset < text.Length; offset += chunkSize)
        {
            emitted.AddRange(parser.Append(text.AsSpan(offset, Math.Min(chunkSize, text.Length - offset))));
        }

        GroundingAssert.Equal(expected.Leaves, emitted);
        AssertSameResult(expected, parser.Complete());
    }

    [Fact]
    public void TheParserKeepsOnlyTheUndecidedTailNotTheWholeStream()
    {
        var parser = new StreamingGroundingParser();
        var tag = "Seen: <point_box mention=\"crate\"> (10,20) (300,400) </point_box> ";
        for (var i = 0; i < 20_000; i++)
        {
            parser.Append(tag.AsSpan(0, 20));
            parser.Append(tag.AsSpan(20));
        }

        Assert.True(parser.BufferedLength < 4 * tag.Length, $"{parser.BufferedLength} characters held after {20_000 * tag.Length} streamed");
        Assert.Equal(20_000, parser.Complete().Leaves.Count);
    }

    [Theory]
    [MemberData(nameof(FixtureTests.AllNames), MemberType = typeof(FixtureTests))]
    public void WithoutTheTextTheSameAnnotationsAreFound(string name)
    {
        var text = Fixtures.Read(name) + "\n<think>x</think>  after a think block, plain text again " + Fixtures.Read(name);
        var expected = GroundingParser.Parse(text);

        GroundingAssert.Equal(expected.Leaves, GroundingParser.ParseLeaves(text));

        // A string's text is joined from ranges of it when read; a span's is copied as it is scanned.
        var copied = GroundingParser.Parse(text.AsSpan());
        Assert.Equal(copied.Text, expected.Text);
        GroundingAssert.Equal(copied.Annotations, expected.Annotations);
        GroundingAssert.Equal(copied.Errors, expected.Errors);

        var parser = new StreamingGroundingParser(collectText: false);
        var emitted = new List<GroundingAnnotation>();
        for (var offset = 0; offset < text.Length; offset += 5)
        {
            emitted.AddRange(parser.Append(text.AsSpan(offset, Math.Min(5, text.Length - offset))));
        }

        var final = parser.Complete();
        GroundingAssert.Equal(expected.Leaves, emitted);
        GroundingAssert.Equal(expected.Annotations, final.Annotations);
        GroundingAssert.Equal(expected.Errors, final.Errors);
        Assert.Equal(expected.Reasoning, final.Reasoning);
        Assert.Empty(final.Text);
    }

    internal static void AssertSameResult(GroundingResult expected, GroundingResult actual)
    {
        GroundingAssert.Equal(expected.Annotations, actual.Annotations);
        GroundingAssert.Equal(expected.Leaves, actual.Leaves);
        GroundingAssert.Equal(expected.Errors, actual.Errors);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Reasoning, actual.Reasoning);
    }
}
