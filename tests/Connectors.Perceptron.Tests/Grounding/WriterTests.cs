using Connectors.Perceptron.Grounding;

namespace Connectors.Perceptron.Tests.Grounding;

public class WriterTests
{
    [Theory]
    [MemberData(nameof(FixtureTests.AllNames), MemberType = typeof(FixtureTests))]
    public void FixturesRoundTrip(string name)
    {
        var annotations = GroundingParser.Parse(Fixtures.Read(name)).Annotations
            .Select(a => a is ContainerAnnotation c && c.IsIncomplete ? Completed(c) : a)
            .ToList();

        var reparsed = GroundingParser.Parse(GroundingWriter.Write(annotations));

        Assert.Empty(reparsed.Errors);
        GroundingAssert.Equal(annotations, reparsed.Annotations);
    }

    [Fact]
    public void WritesEscapedAttributesAndExactTimes()
    {
        GroundingAnnotation[] annotations =
        [
            new BoxAnnotation(new GridBox(new GridPoint(1, 2), new GridPoint(3, 4)))
            {
                Mention = "a \"b\" & <c>",
                Time = TimeSpan.FromTicks(12_345_678),
                AssetIndex = 2,
            },
            new ClipAnnotation { Mention = "r", Time = TimeSpan.FromSeconds(30), End = TimeSpan.FromSeconds(45.25) },
            new PolygonAnnotation(new GridPolygon([new GridPoint(0, 0), new GridPoint(1000, 0), new GridPoint(500, 1000)])),
        ];

        var text = GroundingWriter.Write(annotations);

        Assert.Equal(
            "<point_box mention=\"a &quot;b&quot; &amp; &lt;c&gt;\" t=\"1.2345678\" asset_idx=\"2\"> (1,2) (3,4) </point_box>\n" +
            "<clip mention=\"r\" t=\"30 45.25\" />\n" +
            "<polygon> (0,0) (1000,0) (500,1000) </polygon>",
            text);
        GroundingAssert.Equal(annotations, GroundingParser.Parse(text).Annotations);
    }

    // The writer always closes a container, so one read back is complete.
    private static GroundingAnnotation Completed(ContainerAnnotation container) => container switch
    {
        TrackAnnotation => new TrackAnnotation(container.Children) { Mention = container.Mention, Time = container.Time, AssetIndex = container.AssetIndex },
        _ => new CollectionAnnotation(container.Children) { Mention = container.Mention, Time = container.Time, AssetIndex = container.AssetIndex },
    };
}
