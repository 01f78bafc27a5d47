using Connectors.Perceptron.Grounding;

namespace Connectors.Perceptron.Tests.Grounding;

/// <summary>One table per rule of issue 17: read as the vendor's SDK reads well-formed output; malformed output decided and reported.</summary>
public class SdkRulesTests
{
    /// <summary>Every input of the tables below, for the streamed = whole property (StreamingTests).</summary>
    public static readonly string[] Inputs =
    [
        "<track mention=\"ball\"><point t=\"1\" mention=\"x\"> (1,1) </point><point t=\"2\"> (2,2) </point></track>",
        "<track><point t=\"1\" mention=\"x\"> (1,1) </point></track>",
        "<collection mention=\"c\"><track><point t=\"1\" mention=\"x\"> (1,1) </point></track></collection>",
        "<track mention=\"b\"><point t=\"1\" asset_idx=\"1\"> (1,1) </point><point t=\"2\"> (2,2) </point></track>",
        "<collection asset_idx=\"2\"><track mention=\"b\"><point t=\"1\"> (1,1) </point><point t=\"2\" asset_idx=\"2\"> (2,2) </point></track></collection>",
        "<collection mention=\"c\" t=\"2\"><point> (1,1) </point><point t=\"3\"> (2,2) </point><clip t=\"5\" /><track mention=\"k\"><point t=\"7\"> (3,3) </point></track></collection>",
        "<point t=\".5\"> (1,1) </point><point t=\"1e1\"> (1,1) </point><point t=\"1E-1s\"> (1,1) </point><point t=\"2.5e+1 seconds\"> (1,1) </point>",
        "<clip t=\"1, 2\" /><clip t=\"1 - 2\" /><clip t=\".5 1e1\" /><clip t=\"3 seconds,4 seconds\" />",
        "<point asset_idx=\"+1\"> (1,1) </point><point asset_idx=\" +2 \"> (1,1) </point>",
        "<clip t=\"1.5\" / ><point mention=\"a\", t=\"1\"> (1,1) </point><clip ; t=\"2\"/>",
        "<collection mention=\"a\"><point> (1,1) </point><collection mention=\"b\"><point> (2,2) </point></collection>",
        "<track mention=\"a\"><point t=\"1\"> (1,1) </point><track mention=\"b\"><point t=\"2\"> (2,2) </point></track>",
        "<collection mention=\"c\"><track mention=\"a\"><point t=\"1\"> (1,1) </point><collection mention=\"d\"><point> (2,2) </point></collection>",
        "A <track mention=\"x\"></track>B",
        "A <collection mention=\"c\"><point> (1) </point></collection>B",
        "<collection mention=\"c\"><track mention=\"t\"></track></collection>",
        "<track/>x<collection mention=\"c\"/>",
        "<track mention=\"b\"><point t=\"1\"> (1,1) </point><point_box t=\"2\"> (1,1) (2,2) </point_box><point t=\"3\"> (3,3) </point></track>",
        "<track mention=\"b\" asset_idx=\"0\"><point t=\"1\" asset_idx=\"1\"> (1,1) </point><point t=\"2\" asset_idx=\"0\"> (2,2) </point></track>",
        "<track mention=\"b\"><point t=\"1\"> (1,1) </point><point t=\"2\" asset_idx=\"1\"> (2,2) </point></track>",
        "<track mention=\"b\"><clip t=\"1\" /><point t=\"2\"> (2,2) </point></track>",
        "x <track><clip t=\"1\" /><point t=\"2\" mention=\"p\"> (2,2) </point></track> y",
        "<point t=\"soon\"> (1,1) </point><point asset_idx=\"x\"> (1,1) </point><clip t=\"never\" /></point><point> (1,1)",
        "<point_box> (1,1) </point_box><polygon> (1,1) (2,2) </polygon><point mention=\"a",
        "the <point at the cat's tail> <point> (1,1) </point><point mention=\"m\" ; t=\"1.5\" /x> (1,1) </point>",
        "<point mention=\"&nbsp;&eacute;&amp&ampx&notit;&#65&#x42;&#128;&#1;&bogus;&#;&NotEqualTilde;&\"> (1,1) </point>",
    ];

    public static TheoryData<string> InputData() => [.. Inputs];

    [Theory]
    [InlineData("<track mention=\"ball\"><point t=\"1\" mention=\"x\"> (1,1) </point><point t=\"2\"> (2,2) </point></track>", "ball", "ball")]
    [InlineData("<track><point t=\"1\" mention=\"x\"> (1,1) </point><point t=\"2\"> (2,2) </point></track>", null, null)]
    [InlineData("<collection mention=\"c\"><track><point t=\"1\" mention=\"x\"> (1,1) </point><point t=\"2\"> (2,2) </point></track></collection>", "c", "c")]
    public void TheTrackMentionNamesEveryWaypoint(string text, string? first, string? second)
    {
        var result = GroundingParser.Parse(text);

        Assert.Empty(result.Errors);
        Assert.Equal([first, second], result.Leaves.Select(l => l.Mention));
        GroundingAssert.Equal(result.Leaves, result.Annotations.Flatten());

        // The tree keeps what was written.
        Assert.Equal("x", FindTrack(result).Children[0].Mention);
    }

    [Theory]
    [InlineData("<track mention=\"b\"><point t=\"1\" asset_idx=\"1\"> (1,1) </point><point t=\"2\"> (2,2) </point></track>", 1, 1, 1)]
    [InlineData("<track mention=\"b\" asset_idx=\"3\"><point t=\"1\"> (1,1) </point><point t=\"2\" asset_idx=\"3\"> (2,2) </point></track>", 3, 3, 3)]
    [InlineData("<collection asset_idx=\"2\"><track mention=\"b\"><point t=\"1\"> (1,1) </point><point t=\"2\" asset_idx=\"2\"> (2,2) </point></track></collection>", null, 2, 2)]
    [InlineData("<collection asset_idx=\"2\"><track mention=\"b\"><point t=\"1\" asset_idx=\"4\"> (1,1) </point><point t=\"2\"> (2,2) </point></track></collection>", 4, 4, 4)]
    public void ATrackWithoutAssetIdxTakesItsWaypoints(string text, int? trackAsset, int? first, int? second)
    {
        var result = GroundingParser.Parse(text);

        Assert.Empty(result.Errors);
        Assert.Equal(trackAsset, FindTrack(result).AssetIndex);
        Assert.Equal([first, second], result.Leaves.Select(l => l.AssetIndex));
        GroundingAssert.Equal(result.Leaves, result.Annotations.Flatten());
    }

    [Fact]
    public void ACollectionTimeReachesItsPointsBoxesAndPolygonsOnly()
    {
        var result = GroundingParser.Parse(
            "<collection mention=\"c\" t=\"2\"><point> (1,1) </point><point t=\"3\"> (2,2) </point><clip t=\"5\" />" +
            "<track mention=\"k\"><point t=\"7\"> (3,3) </point><point> (4,4) </point></track></collection>");

        Assert.Empty(result.Errors);
        Assert.Equal([S(2), S(3), S(5), S(7), null], result.Leaves.Select(l => l.Time));
        GroundingAssert.Equal(result.Leaves, result.Annotations.Flatten());

        // The tree keeps what was written.
        var collection = Assert.IsType<CollectionAnnotation>(Assert.Single(result.Annotations));
        Assert.Null(collection.Children[0].Time);
    }

    [Theory]
    [InlineData("&nbsp;", "\u00A0")]
    [InlineData("&eacute;t&eacute;", "\u00E9t\u00E9")]
    [InlineData("&amp", "&")]
    [InlineData("&ampx", "&x")]
    [InlineData("&notit;", "\u00ACit;")]
    [InlineData("&notin;", "\u2209")]
    [InlineData("&NotEqualTilde;", "\u2242\u0338")]
    [InlineData("&bogus;", "&bogus;")]
    [InlineData("&nbsp", "\u00A0")]
    [InlineData("&hellip", "&hellip")]
    [InlineData("&#65&#x42;&#X43", "ABC")]
    [InlineData("&#128;&#x9F;", "\u20AC\u0178")]
    [InlineData("&#1;&#x7F;&#xFFFE;&#xFDD0;", "")]
    [InlineData("&#13;", "\r")]
    [InlineData("&#0;&#xD800;&#x110000;&#99999999999999999999;", "\uFFFD\uFFFD\uFFFD\uFFFD")]
    [InlineData("&#x1F600;", "\U0001F600")]
    [InlineData("&#;&#x;&", "&#;&#x;&")]
    [InlineData("&lt;b&gt; &quot;q&quot; &apos;", "<b> \"q\" '")]
    public void AttributeValuesDecodeTheFullHtml5EntityTable(string written, string mention)
    {
        var result = GroundingParser.Parse($"<point mention=\"{written}\"> (1,1) </point>");

        Assert.Equal(mention, Assert.Single(result.Leaves).Mention);
    }

    [Theory]
    [InlineData(".5", 0.5)]
    [InlineData("1e1", 10)]
    [InlineData("1E-1s", 0.1)]
    [InlineData("2.5e+1 seconds", 25)]
    [InlineData("1.5 sec", 1.5)]
    [InlineData("3 second", 3)]
    public void TimesReadTheSdkNumberForms(string t, double seconds)
    {
        var result = GroundingParser.Parse($"<point t=\"{t}\"> (1,1) </point>");

        Assert.Empty(result.Errors);
        Assert.Equal(S(seconds), Assert.Single(result.Leaves).Time);
    }

    [Theory]
    [InlineData("1.")]
    [InlineData(".")]
    [InlineData("1e")]
    [InlineData("e1")]
    [InlineData("1e400")]
    [InlineData("-1")]
    public void TimesTheSdkRefusesAreRefused(string t)
    {
        var result = GroundingParser.Parse($"<point t=\"{t}\"> (1,1) </point>");

        Assert.Null(Assert.Single(result.Leaves).Time);
        Assert.Equal(GroundingErrorCodes.InvalidTime, Assert.Single(result.Errors).Code);
    }

    [Theory]
    [InlineData("1, 2", 1, 2.0)]
    [InlineData("1,2", 1, 2.0)]
    [InlineData("1 - 2", 1, 2.0)]
    [InlineData("1 2", 1, 2.0)]
    [InlineData(".5 1e1", 0.5, 10.0)]
    [InlineData("3 seconds,4 seconds", 3, 4.0)]
    [InlineData("1 to 2", 1, 2.0)]
    [InlineData("7", 7, null)]
    public void ClipRangesAcceptEverySdkSeparator(string t, double start, double? end)
    {
        var clip = Assert.IsType<ClipAnnotation>(Assert.Single(GroundingParser.Parse($"<clip t=\"{t}\" />").Leaves));

        Assert.Equal(S(start), clip.Time);
        Assert.Equal(end is null ? null : S(end.Value), clip.End);
    }

    [Theory]
    [InlineData("+1", 1)]
    [InlineData(" +2 ", 2)]
    [InlineData("3", 3)]
    public void AssetIdxAcceptsALeadingPlus(string written, int index)
    {
        var result = GroundingParser.Parse($"<point asset_idx=\"{written}\"> (1,1) </point>");

        Assert.Empty(result.Errors);
        Assert.Equal(index, Assert.Single(result.Leaves).AssetIndex);
    }

    [Theory]
    [InlineData("+ 1")]
    [InlineData("-1")]
    [InlineData("++1")]
    [InlineData("99999999999")]
    public void AssetIdxThatIsNoIndexIsIgnoredAndReported(string written)
    {
        var result = GroundingParser.Parse($"<point asset_idx=\"{written}\"> (1,1) </point>");

        Assert.Null(Assert.Single(result.Leaves).AssetIndex);
        Assert.Equal(GroundingErrorCodes.InvalidAssetIdx, Assert.Single(result.Errors).Code);
    }

    [Theory]
    [InlineData("<clip t=\"1.5\" / >", null)]
    [InlineData("<clip t=\"1.5\" mention=\"m\"/\t>", "m")]
    [InlineData("<point mention=\"m\", t=\"1.5\"> (1,1) </point>", "m")]
    [InlineData("<point mention=\"m\" ; t=\"1.5\" /x> (1,1) </point>", "m")]
    public void SmallJunkBetweenAttributesIsSkipped(string text, string? mention)
    {
        var result = GroundingParser.Parse(text);

        Assert.Empty(result.Errors);
        var leaf = Assert.Single(result.Leaves);
        Assert.Equal(mention, leaf.Mention);
        Assert.Equal(S(1.5), leaf.Time);
    }

    [Theory]
    [InlineData("<collection mention=\"a\"><point> (1,1) </point><collection mention=\"b\"><point> (2,2) </point></collection>")]
    [InlineData("<track mention=\"a\"><point t=\"1\"> (1,1) </point><track mention=\"b\"><point t=\"2\"> (2,2) </point></track>")]
    public void AnUnclosedContainerEndsWhereTheNextOneOpens(string text)
    {
        var result = GroundingParser.Parse(text);

        Assert.Equal(2, result.Annotations.Count);
        var first = Assert.IsAssignableFrom<ContainerAnnotation>(result.Annotations[0]);
        var second = Assert.IsAssignableFrom<ContainerAnnotation>(result.Annotations[1]);
        Assert.True(first.IsIncomplete);
        Assert.False(second.IsIncomplete);
        Assert.Single(first.Children);
        Assert.Single(second.Children);
        Assert.Equal(["a", "b"], result.Leaves.Select(l => l.Mention));
        var error = Assert.Single(result.Errors);
        Assert.Equal((0, GroundingErrorCodes.IncompleteAnnotation), (error.Position, error.Code));
        Assert.Equal("ab", result.Text);
    }

    [Fact]
    public void ACollectionOpeningEndsAnOpenTrackAndItsCollection()
    {
        var result = GroundingParser.Parse(
            "<collection mention=\"c\"><track mention=\"a\"><point t=\"1\"> (1,1) </point><collection mention=\"d\"><point> (2,2) </point></collection>");

        Assert.Equal(2, result.Annotations.Count);
        var c = Assert.IsType<CollectionAnnotation>(result.Annotations[0]);
        Assert.True(c.IsIncomplete);
        Assert.True(Assert.IsType<TrackAnnotation>(Assert.Single(c.Children)).IsIncomplete);
        Assert.Equal(["a", "d"], result.Leaves.Select(l => l.Mention));
        Assert.Equal([(24, GroundingErrorCodes.IncompleteAnnotation), (0, GroundingErrorCodes.IncompleteAnnotation)], result.Errors.Select(e => (e.Position, e.Code)));
    }

    [Theory]
    [InlineData("A <track mention=\"x\"></track>B", "A B", new[] { GroundingErrorCodes.EmptyAnnotation })]
    [InlineData("A <collection mention=\"c\"><point> (1) </point></collection>B", "A B", new[] { GroundingErrorCodes.InvalidPointCoords, GroundingErrorCodes.EmptyAnnotation })]
    [InlineData("<collection mention=\"c\"><track mention=\"t\"></track></collection>", "", new[] { GroundingErrorCodes.EmptyAnnotation, GroundingErrorCodes.EmptyAnnotation })]
    [InlineData("<track/>x<collection mention=\"c\"/>", "x", new[] { GroundingErrorCodes.EmptyAnnotation, GroundingErrorCodes.EmptyAnnotation })]
    [InlineData("A <collection>(text)</collection>B", "A (text)B", new[] { GroundingErrorCodes.EmptyAnnotation })]
    [InlineData("A <collection mention=\"c\">", "A ", new[] { GroundingErrorCodes.IncompleteAnnotation, GroundingErrorCodes.EmptyAnnotation })]
    public void EmptyContainersVanish(string text, string answer, string[] codes)
    {
        var result = GroundingParser.Parse(text);

        Assert.Empty(result.Annotations);
        Assert.Empty(result.Leaves);
        Assert.Equal(answer, result.Text);
        Assert.Equal(codes, result.Errors.Select(e => e.Code));
    }

    [Theory]
    [InlineData("<track mention=\"b\"><point t=\"1\"> (1,1) </point><point_box t=\"2\"> (1,1) (2,2) </point_box><point t=\"3\"> (3,3) </point></track>", GroundingErrorCodes.InvalidTrackGeometry, 2)]
    [InlineData("<track mention=\"b\" asset_idx=\"0\"><point t=\"1\" asset_idx=\"1\"> (1,1) </point><point t=\"2\" asset_idx=\"0\"> (2,2) </point></track>", GroundingErrorCodes.InvalidTrackAsset, 1)]
    [InlineData("<track mention=\"b\"><point t=\"1\" asset_idx=\"1\"> (1,1) </point><point t=\"2\" asset_idx=\"0\"> (2,2) </point></track>", GroundingErrorCodes.InvalidTrackAsset, 1)]
    [InlineData("<track mention=\"b\"><point t=\"1\"> (1,1) </point><point t=\"2\" asset_idx=\"1\"> (2,2) </point></track>", GroundingErrorCodes.InvalidTrackAsset, 1)]
    [InlineData("<track mention=\"b\"><clip t=\"1\" /><point t=\"2\"> (2,2) </point></track>", GroundingErrorCodes.InvalidTrackChild, 1)]
    public void ATrackBreakingTheGrammarIsKeptAsFarAsItIsValid(string text, string code, int kept)
    {
        var result = GroundingParser.Parse(text);

        var track = Assert.IsType<TrackAnnotation>(Assert.Single(result.Annotations));
        Assert.Equal(kept, track.Children.Count);
        Assert.Equal(kept, result.Leaves.Count);
        Assert.All(result.Leaves, l => Assert.Equal("b", l.Mention));
        Assert.Equal(code, Assert.Single(result.Errors).Code);
        Assert.Equal("b", result.Text);
    }

    [Fact]
    public void AWaypointDroppedFromAMentionlessTrackStaysText()
    {
        var result = GroundingParser.Parse("x <track><clip t=\"1\" /><point t=\"2\" mention=\"p\"> (2,2) </point></track> y");

        Assert.Equal("x <clip t=\"1\" />p y", result.Text);
        Assert.Null(Assert.Single(result.Leaves).Mention);
    }

    [Theory]
    [InlineData("<point> (1) </point>", GroundingErrorCodes.InvalidPointCoords)]
    [InlineData("<point/>", GroundingErrorCodes.InvalidPointCoords)]
    [InlineData("<point_box> (1,1) </point_box>", GroundingErrorCodes.InvalidBoxCoords)]
    [InlineData("<polygon> (1,1) (2,2) </polygon>", GroundingErrorCodes.InvalidPolygonCoords)]
    [InlineData("<polygon> (1,1) (2,2) (x) (3,3) </polygon>", GroundingErrorCodes.InvalidPolygonCoords)]
    [InlineData("<point> (1,99999999999) </point>", GroundingErrorCodes.InvalidPointCoords)]
    [InlineData("<point t=\"soon\"> (1,1) </point>", GroundingErrorCodes.InvalidTime)]
    [InlineData("<point asset_idx=\"x\"> (1,1) </point>", GroundingErrorCodes.InvalidAssetIdx)]
    [InlineData("<clip t=\"never\" />", GroundingErrorCodes.InvalidClipTimestamp)]
    [InlineData("<clip mention=\"m\" />", GroundingErrorCodes.InvalidClipTimestamp)]
    [InlineData("<point> (1,1)", GroundingErrorCodes.UnclosedTag)]
    [InlineData("a </point> b", GroundingErrorCodes.UnexpectedCloseTag)]
    [InlineData("a </track> b", GroundingErrorCodes.UnexpectedCloseTag)]
    [InlineData("<point mention=\"a", GroundingErrorCodes.MalformedTag)]
    [InlineData("x <point a=<b> y", GroundingErrorCodes.MalformedTag)]
    [InlineData("the <point at the cat's tail> <point> (1,1) </point>", GroundingErrorCodes.MalformedTag)]
    [InlineData("<collection mention=\"c\"><point> (1,1) </point>", GroundingErrorCodes.IncompleteAnnotation)]
    public void EveryErrorHasAStableCodeAndItsMessage(string text, string code)
    {
        var error = Assert.Single(GroundingParser.Parse(text).Errors);

        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
    }

    [Theory]
    [InlineData("a <point mention=\"x\"> (1,1) </point> b", "a  b")]
    [InlineData("a <collection mention=\"c\"> <point> (1,1) </point> and text </collection> b", "a  b")]
    [InlineData("a <collection mention=\"c\"><point> (1,1) </point> b", "a  b")]
    [InlineData("a <collection mention=\"c\"><track mention=\"t\"><point t=\"1\"> (1,1) </point></track> b", "a  b")]
    [InlineData("a </collection> b", "a  b")]
    [InlineData("a <clip t=\"1\" /> b <clip t=\"2\"></clip> c", "a  b  c")]
    [InlineData("x <point> y", "x <point> y")]
    [InlineData("x </point> y", "x </point> y")]
    [InlineData("x <point/> y", "x <point/> y")]
    [InlineData("x <pointer> (1,1) </pointer> y", "x <pointer> (1,1) </pointer> y")]
    [InlineData("<think>r</think>a <POINT> (1,1) </POINT>", "<think>r</think>a ")]
    [InlineData("a <point mention=\"1 > 0\"> (1,1) </point>", "a ")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void StripTagsRemovesTagsAsTheSdkDoes(string? text, string stripped)
    {
        Assert.Equal(stripped, GroundingParser.StripTags(text));
    }

    [Fact]
    public void TextKeepsOurRuleWhereStripTagsKeepsTheSdks()
    {
        const string text = "The <point mention=\"cat\"> (1,1) </point> sits.";

        Assert.Equal("The cat sits.", GroundingParser.Parse(text).Text);
        Assert.Equal("The  sits.", GroundingParser.StripTags(text));
    }

    [Theory]
    [InlineData("<point MENTION=\"a\"> (1,1) </point>", "a")]
    [InlineData("<point t=\"2 sec\"> (1,1) </point>", null)]
    public void WhereOursIsBetterItStays(string text, string? mention)
    {
        var result = GroundingParser.Parse(text);

        Assert.Empty(result.Errors);
        Assert.Equal(mention, Assert.Single(result.Leaves).Mention);
    }

    [Fact]
    public void APointWithAnUnreadableTimeIsKeptAndReported()
    {
        var result = GroundingParser.Parse("<point t=\"soon\"> (1,1) </point><point:x> (1,1) </point:x>");

        Assert.Single(result.Leaves);
        Assert.Equal(GroundingErrorCodes.InvalidTime, Assert.Single(result.Errors).Code);
    }

    private static TrackAnnotation FindTrack(GroundingResult result) =>
        result.Annotations.OfType<TrackAnnotation>().FirstOrDefault()
        ?? result.Annotations.OfType<CollectionAnnotation>().SelectMany(c => c.Children).OfType<TrackAnnotation>().First();

    private static TimeSpan S(double seconds) => TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
}
