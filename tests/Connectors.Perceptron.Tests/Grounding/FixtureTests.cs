using Connectors.Perceptron.Grounding;

namespace Connectors.Perceptron.Tests.Grounding;

public class FixtureTests
{
    private static GroundingResult Parse(string name) => GroundingParser.Parse(Fixtures.Read(name));

    private static GridPoint P(int x, int y) => new(x, y);

    private static GridBox B(int x1, int y1, int x2, int y2) => new(P(x1, y1), P(x2, y2));

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void DocsCanonical()
    {
        var result = Parse("docs-canonical.txt");

        Assert.Empty(result.Errors);
        GroundingAssert.Equal(
            new GroundingAnnotation[]
            {
                new PointAnnotation(P(120, 200)) { Mention = "button center", Time = S(12.5) },
                new BoxAnnotation(B(100, 150, 300, 350)) { Mention = "defect" },
                new PolygonAnnotation(new GridPolygon([P(20, 40), P(60, 40), P(60, 80), P(20, 80)])) { Mention = "drone" },
                new PointAnnotation(P(120, 90)) { Mention = "wing" },
                new PolygonAnnotation(new GridPolygon([P(100, 150), P(180, 160), P(170, 210), P(110, 205)])) { Mention = "wing" },
            },
            result.Leaves);
        var collection = Assert.IsType<CollectionAnnotation>(result.Annotations[3]);
        Assert.Equal("wing", collection.Mention);
        Assert.False(collection.IsIncomplete);
        Assert.Equal(2, collection.Children.Count);
        Assert.All(collection.Children, c => Assert.Null(c.Mention));
        Assert.Equal(4, result.Annotations.Count);
    }

    [Fact]
    public void TruncatedTrack()
    {
        var result = Parse("truncated-track.txt");

        var track = Assert.IsType<TrackAnnotation>(Assert.Single(result.Annotations));
        Assert.True(track.IsIncomplete);
        Assert.Equal("basketball", track.Mention);
        Assert.Equal(0, track.AssetIndex);
        GroundingAssert.Equal(
            new GroundingAnnotation[]
            {
                new BoxAnnotation(B(410, 520, 450, 570)) { Mention = "basketball", AssetIndex = 0, Time = S(0.5) },
                new BoxAnnotation(B(470, 300, 510, 350)) { Mention = "basketball", AssetIndex = 0, Time = S(1.0) },
            },
            result.Leaves);
        Assert.Equal(GroundingErrorCodes.IncompleteAnnotation, Assert.Single(result.Errors).Code);
    }

    [Fact]
    public void CollectionTracksClip()
    {
        var result = Parse("collection-tracks-clip.txt");

        Assert.Empty(result.Errors);
        GroundingAssert.Equal(
            new GroundingAnnotation[]
            {
                new BoxAnnotation(B(354, 163, 397, 265)) { Mention = "each player", Time = S(0.0), AssetIndex = 1 },
                new BoxAnnotation(B(355, 164, 399, 267)) { Mention = "each player", Time = S(0.5), AssetIndex = 1 },
                new BoxAnnotation(B(506, 610, 573, 840)) { Mention = "each player", Time = S(0.0), AssetIndex = 0 },
                new ClipAnnotation { Mention = "each player", Time = S(2.0), AssetIndex = 1 },
                new PointAnnotation(P(1, 1)) { Mention = "each player", Time = S(3.0), AssetIndex = 1 },
            },
            result.Leaves);
        var collection = Assert.IsType<CollectionAnnotation>(Assert.Single(result.Annotations));
        Assert.False(collection.IsIncomplete);
        Assert.Collection(
            collection.Children,
            c => Assert.Equal(2, Assert.IsType<TrackAnnotation>(c).Children.Count),
            c => Assert.Equal(0, Assert.IsType<TrackAnnotation>(c).AssetIndex),
            c => Assert.IsType<ClipAnnotation>(c),
            c => Assert.IsType<PointAnnotation>(c));
    }

    [Fact]
    public void ClipTimes()
    {
        var result = Parse("clip-times.txt");

        Assert.Empty(result.Errors);
        GroundingAssert.Equal(
            new GroundingAnnotation[]
            {
                new ClipAnnotation { Mention = "intro", Time = S(1.5) },
                new ClipAnnotation { Mention = "outro", Time = S(2.5) },
                new ClipAnnotation { Mention = "action", Time = S(10), End = S(20) },
                new ClipAnnotation { Mention = "scene", Time = S(30), End = S(45) },
            },
            result.Leaves);
    }

    [Fact]
    public void Attributes()
    {
        var result = Parse("attributes.txt");

        Assert.Empty(result.Errors);
        GroundingAssert.Equal([new BoxAnnotation(B(1, 2, 3, 4)) { Mention = "car", AssetIndex = 1 }], result.Leaves);
    }

    [Fact]
    public void BareNumbers()
    {
        var result = Parse("bare-numbers.txt");

        Assert.Empty(result.Errors);
        GroundingAssert.Equal([new BoxAnnotation(B(10, 20, 30, 40)) { Mention = "car", Time = S(1.5) }], result.Leaves);
    }

    [Fact]
    public void CollectionInherit()
    {
        var result = Parse("collection-inherit.txt");

        Assert.Empty(result.Errors);
        GroundingAssert.Equal(
            new GroundingAnnotation[]
            {
                new BoxAnnotation(B(10, 20, 100, 200)) { Mention = "cat" },
                new BoxAnnotation(B(300, 50, 500, 400)) { Mention = "cat" },
            },
            result.Leaves);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void LeavesEqualFlattenedAnnotations(string name)
    {
        var result = Parse(name);

        GroundingAssert.Equal(result.Annotations.Flatten(), result.Leaves);
        Assert.NotEmpty(result.Leaves);
    }

    public static TheoryData<string> AllNames() => new(Fixtures.Names);
}
