using Connectors.Perceptron.Grounding;

namespace Connectors.Perceptron.Tests.Grounding;

public class ParserTests
{
    [Theory]
    [InlineData("<point mention=\"a\"> (1,2) </point>")]
    [InlineData("<point mention='a'> (1,2) </point>")]
    [InlineData("<point mention=a> (1,2) </point>")]
    [InlineData("<POINT Mention=\"a\"> (1,2) </Point >")]
    [InlineData("<point mention=\"a\" t=\"\"> ( 1 , 2 ) </point>")]
    [InlineData("<point   mention = \"a\"  >1 2</point>")]
    [InlineData("<point mention=\"a\" > (1,2) </point >")]
    [InlineData("<point mention=\"a\"t=\"\"> (1,2) </point>")]
    [InlineData("<point mention=\"a\"> (1,2) </point\n>")]
    public void AcceptsEveryAttributeAndCaseForm(string text)
    {
        var result = GroundingParser.Parse(text);

        Assert.Empty(result.Errors);
        GroundingAssert.Equal([new PointAnnotation(new GridPoint(1, 2)) { Mention = "a" }], result.Leaves);
        Assert.Equal("a", result.Text);
    }

    [Theory]
    [InlineData(" (12,34) (56,78) ", 12, 34, 56, 78)]
    [InlineData("(12, 34)(56, 78)", 12, 34, 56, 78)]
    [InlineData(" (12,34)\t(56,78)\n", 12, 34, 56, 78)]
    [InlineData("( 12 ,34 ) ( 56 , 78 )", 12, 34, 56, 78)]
    [InlineData(" 12 34 56 78 ", 12, 34, 56, 78)]
    [InlineData("12,34,56,78", 12, 34, 56, 78)]
    [InlineData(" (0012,34) (1234567890,2147483647) ", 12, 34, 1234567890, 2147483647)]
    public void ReadsEveryCoordinateSpelling(string body, int x1, int y1, int x2, int y2)
    {
        var result = GroundingParser.Parse($"<point_box>{body}</point_box>");

        Assert.Empty(result.Errors);
        var box = Assert.IsType<BoxAnnotation>(Assert.Single(result.Leaves)).Box;
        Assert.Equal(new GridBox(new GridPoint(x1, y1), new GridPoint(x2, y2)), box);
    }

    [Fact]
    public async Task TextReadFromManyThreadsAtOnceIsTheSameText()
    {
        var text = string.Concat(Enumerable.Repeat("Crate <point mention=\"crate\"> (1,2) </point> on the floor. ", 2000));
        var expected = string.Concat(Enumerable.Repeat("Crate crate on the floor. ", 2000));
        for (var round = 0; round < 20; round++)
        {
            var whole = GroundingParser.Parse(text);
            var streamed = new StreamingGroundingParser();
            streamed.Append(text);
            var results = new[] { whole, streamed.Complete() };
            using var start = new Barrier(8);
            var texts = Enumerable.Range(0, 8)
                .Select(i => Task.Factory.StartNew(
                    () =>
                    {
                        start.SignalAndWait(TestContext.Current.CancellationToken);
                        return results[i % 2].Text;
                    },
                    TestContext.Current.CancellationToken,
                    TaskCreationOptions.LongRunning, // own threads: the barrier would hold pool threads
                    TaskScheduler.Default))
                .ToArray();

            Assert.All(await Task.WhenAll(texts), t => Assert.Equal(expected, t));
        }
    }

    [Fact]
    public void UnescapesValuesAndAllowsGreaterThanInQuotes()
    {
        var result = GroundingParser.Parse("<point mention=\"a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#65;&#x42; x>y &bogus;\"> (1,2) </point>");

        Assert.Equal("a & b <c> \"d\" 'e' AB x>y &bogus;", Assert.Single(result.Leaves).Mention);
    }

    [Fact]
    public void TextJoinsSourceRangesWithDecodedMentions()
    {
        var text = "Found <point mention=\"a &amp; b\"> (1,2) </point>, <point_box mention=\"crate\"> (1,2) (3,4) </point_box> and "
            + "<collection mention=\"&lt;rack&gt;\"> <polygon> (1,1) (9,1) (5,9) </polygon> </collection>.";

        var result = GroundingParser.Parse(text);

        Assert.Empty(result.Errors);
        Assert.Equal("Found a & b, crate and <rack>.", result.Text);
        Assert.Equal(result.Text, GroundingParser.Parse(text.AsSpan()).Text);
        Assert.Equal(["a & b", "crate", "<rack>"], result.Leaves.Select(l => l.Mention));
        Assert.Equal(3, result.Annotations.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => result.Leaves[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => result.Annotations[-1]);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("1.5s", 1.5)]
    [InlineData("1.5 seconds", 1.5)]
    [InlineData("1 second", 1)]
    [InlineData("0", 0)]
    public void ReadsTimeForms(string t, double seconds)
    {
        var result = GroundingParser.Parse($"<point t=\"{t}\"> (1,2) </point>");

        Assert.Equal(TimeSpan.FromSeconds(seconds), Assert.Single(result.Leaves).Time);
    }

    [Fact]
    public void BadTimeAndAssetIndexAreIgnoredAndReported()
    {
        var result = GroundingParser.Parse("<point t=\"soon\" asset_idx=\"-1\"> (1,2) </point>");

        var leaf = Assert.Single(result.Leaves);
        Assert.Null(leaf.Time);
        Assert.Null(leaf.AssetIndex);
        Assert.Equal(2, result.Errors.Count);
    }

    [Theory]
    [InlineData("<point> (1,2) (3,4) </point>", "a point needs 1")]
    [InlineData("<point_box> (1,2) </point_box>", "a box needs 2")]
    [InlineData("<polygon> (1,2) (3,4) </polygon>", "a polygon needs 3")]
    [InlineData("<point> (-1,2) </point>", "signed")]
    [InlineData("<point> (1.5,2) </point>", "decimal")]
    [InlineData("<point> (1,2,3) </point>", "exactly two")]
    [InlineData("<point> 1 2 3 </point>", "odd")]
    [InlineData("<point> (99999999999999999999,2) </point>", "too large")]
    [InlineData("<point> (2147483648,2) </point>", "too large")]
    [InlineData("<point> (1,2). </point>", "not a coordinate")]
    [InlineData("<point> (1,) </point>", "not a coordinate")]
    [InlineData("<point> (1, </point>", "missing")]
    [InlineData("<point> (1 2 </point>", "exactly two")]
    [InlineData("<point> (1,+2) </point>", "signed")]
    [InlineData("<point mention=\"{&quot;a&quot;:1}\"/>", "no coordinates")]
    [InlineData("<point mention=\"{&quot;a&quot;:1}\"></point>", "a point needs 1")]
    [InlineData("<point> (1,2) <b>", "no closing tag")]
    [InlineData("<point> (1,2)", "no closing tag")]
    [InlineData("<point mention=\"x", "cut off")]
    [InlineData("<clip mention=\"x\"/>", "needs t")]
    [InlineData("<clip t=\"later\"/>", "not a time")]
    [InlineData("</collection>", "closes nothing")]
    public void MalformedTagStaysTextWithAReason(string text, string reason)
    {
        var result = GroundingParser.Parse(text);

        Assert.Empty(result.Leaves);
        Assert.Empty(result.Annotations);
        var error = Assert.Single(result.Errors);
        Assert.Equal(0, error.Position);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal(text, result.Text);
    }

    [Fact]
    public void BadChildIsDroppedAndCollectionKept()
    {
        var result = GroundingParser.Parse("<collection mention=\"cat\"><point> (1,2) (3,4) </point><point> (5,6) </point></collection> done");

        var collection = Assert.IsType<CollectionAnnotation>(Assert.Single(result.Annotations));
        Assert.False(collection.IsIncomplete);
        GroundingAssert.Equal([new PointAnnotation(new GridPoint(5, 6)) { Mention = "cat" }], result.Leaves);
        Assert.Contains("dropped from its collection", Assert.Single(result.Errors).Reason, StringComparison.Ordinal);
        Assert.Equal("cat done", result.Text);
    }

    [Fact]
    public void ACollectionOpeningInsideAnotherEndsTheFirstOne()
    {
        var result = GroundingParser.Parse("<collection mention=\"a\"><collection mention=\"b\"><point> (1,1) </point></collection></collection>");

        // "a" ends where "b" opens, holding nothing: it vanishes; the last closing tag closes nothing.
        Assert.Equal(
            [GroundingErrorCodes.IncompleteAnnotation, GroundingErrorCodes.EmptyAnnotation, GroundingErrorCodes.UnexpectedCloseTag],
            result.Errors.Select(e => e.Code));
        var collection = Assert.IsType<CollectionAnnotation>(Assert.Single(result.Annotations));
        Assert.Equal("b", collection.Mention);
        Assert.False(collection.IsIncomplete);
        Assert.Equal("b", Assert.Single(result.Leaves).Mention);
        Assert.Equal("b</collection>", result.Text);
    }

    [Fact]
    public void ClosingCollectionClosesAnOpenTrackAsIncomplete()
    {
        var result = GroundingParser.Parse("<collection><track mention=\"x\"><point t=\"1\"> (1,1) </point></collection>");

        var collection = Assert.IsType<CollectionAnnotation>(Assert.Single(result.Annotations));
        Assert.False(collection.IsIncomplete);
        Assert.True(Assert.IsType<TrackAnnotation>(Assert.Single(collection.Children)).IsIncomplete);
    }

    [Fact]
    public void NearestContainerWinsAndOwnAttributesWinOverAll()
    {
        var result = GroundingParser.Parse(
            "<collection mention=\"c\" asset_idx=\"3\"><track mention=\"t\"><point> (1,1) </point></track><point mention=\"p\" asset_idx=\"0\"> (2,2) </point></collection>");

        GroundingAssert.Equal(
            new GroundingAnnotation[]
            {
                new PointAnnotation(new GridPoint(1, 1)) { Mention = "t", AssetIndex = 3 },
                new PointAnnotation(new GridPoint(2, 2)) { Mention = "p", AssetIndex = 0 },
            },
            result.Leaves);
    }

    [Fact]
    public void TextReplacesTagsByMentions()
    {
        var result = GroundingParser.Parse(
            "The <point mention=\"light\"> (1,2) </point> is red; <point_box> (1,1) (2,2) </point_box>x; " +
            "<collection mention=\"cars\"><point> (3,3) </point> junk</collection>; <collection><point mention=\"dog\"> (4,4) </point> and more</collection>.");

        Assert.Empty(result.Errors);
        Assert.Equal("The light is red; x; cars; dog and more.", result.Text);
    }

    [Fact]
    public void ThinkBlocksBecomeReasoning()
    {
        var result = GroundingParser.Parse("<think>\n\n</think>\n\n<THINK>count the <point> (1,1) </point> cars</think>  There are two.");

        Assert.Equal("count the <point> (1,1) </point> cars", result.Reasoning);
        Assert.Equal("There are two.", result.Text);
        Assert.Empty(result.Leaves);
    }

    [Fact]
    public void EmptyThinkGivesNoReasoningAndUnclosedThinkTakesTheRest()
    {
        Assert.Null(GroundingParser.Parse("<think></think>hi").Reasoning);

        var cut = GroundingParser.Parse("answer <think>still thinking <point> (1,1) </point>");

        Assert.Equal("still thinking <point> (1,1) </point>", cut.Reasoning);
        Assert.Equal("answer ", cut.Text);
        Assert.Empty(cut.Leaves);
    }

    [Fact]
    public void UnknownTagsAndStrayBracketsArePlainText()
    {
        const string text = "a < b, <b>bold</b> <pointer> (1,2) </pointer> <";

        var result = GroundingParser.Parse(text);

        Assert.Equal(text, result.Text);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Leaves);
        Assert.Empty(GroundingParser.Parse(null).Leaves);
    }

    [Fact]
    public void ClipAcceptsAnOpeningTagWithClosingTag()
    {
        var result = GroundingParser.Parse("<clip mention=\"goal\" t=\"4 - 6\"></clip>");

        Assert.Empty(result.Errors);
        GroundingAssert.Equal(
            [new ClipAnnotation { Mention = "goal", Time = TimeSpan.FromSeconds(4), End = TimeSpan.FromSeconds(6) }],
            result.Leaves);
        Assert.Equal("goal", result.Text);
    }

    [Fact]
    public void FirstDuplicateAttributeWins()
    {
        var result = GroundingParser.Parse("<point mention=\"a\" mention=\"b\"> (1,2) </point>");

        Assert.Equal("a", Assert.Single(result.Leaves).Mention);
    }
}
