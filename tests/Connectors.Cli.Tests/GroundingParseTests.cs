using Connectors.Cli.Tests.Infrastructure;
using Connectors.Tests;

namespace Connectors.Cli.Tests;

public sealed class GroundingParseTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "grounding", name);

    [Fact]
    public async Task Canonical_fixture_parses_to_its_annotations_on_the_grid()
    {
        var result = await Tool.RunAsync("grounding", "parse", Fixture("docs-canonical.txt"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Equal(["point", "box", "polygon", "collection"], json["annotations"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()));
        var leaves = json["leaves"]!.AsArray();
        Assert.Equal(["button center", "defect", "drone", "wing", "wing"], leaves.Select(l => l!["mention"]!.GetValue<string>()));
        Assert.Equal(120, leaves[0]!["point"]!["x"]!.GetValue<int>());
        Assert.Null(leaves[0]!["pixels"]);
        Assert.Empty(json["errors"]!.AsArray());
    }

    [Fact]
    public async Task Width_and_height_add_pixel_coordinates()
    {
        var result = await Tool.RunAsync("grounding", "parse", Fixture("docs-canonical.txt"), "--json", "--width", "1000", "--height", "500");

        Assert.True(result.ExitCode == 0, result.ToString());
        var leaves = result.Json()["leaves"]!.AsArray();
        JsonAssert.Equal("""{"x":120,"y":100}""", leaves[0]!["pixels"]!.ToJsonString());
        JsonAssert.Equal("""{"topLeft":{"x":100,"y":75},"bottomRight":{"x":300,"y":175}}""", leaves[1]!["pixels"]!.ToJsonString());
        Assert.Equal(4, leaves[2]!["pixels"]!["vertices"]!.AsArray().Count);
        JsonAssert.Equal("""{"x":20,"y":20}""", leaves[2]!["pixels"]!["vertices"]![0]!.ToJsonString());
    }

    [Theory]
    [InlineData("attributes.txt", 1, "car")]
    [InlineData("collection-inherit.txt", 2, "cat")]
    [InlineData("truncated-track.txt", 2, "basketball")]
    public async Task Fixtures_parse_with_inherited_mentions(string file, int leafCount, string mention)
    {
        var result = await Tool.RunAsync("grounding", "parse", Fixture(file), "--json", "--width", "640", "--height", "480");

        Assert.True(result.ExitCode == 0, result.ToString());
        var leaves = result.Json()["leaves"]!.AsArray();
        Assert.Equal(leafCount, leaves.Count);
        Assert.All(leaves, l => Assert.Equal(mention, l!["mention"]!.GetValue<string>()));
        Assert.All(leaves, l => Assert.NotNull(l!["pixels"]));
    }

    [Fact]
    public async Task Standard_input_is_read_when_no_file_is_given()
    {
        var result = await Tool.RunAsync(["grounding", "parse", "--json"], "A cat <point mention=\"cat\"> (500,500) </point> and <point_box> (1,2) </point_box>");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json();
        Assert.Single(json["leaves"]!.AsArray());
        // The box with one corner is refused, not fatal.
        Assert.Contains(json["errors"]!.AsArray(), e => (string?)e!["code"] == "invalid_box_coords");
    }

    [Fact]
    public async Task Text_output_lists_the_annotations()
    {
        var result = await Tool.RunAsync("grounding", "parse", Fixture("docs-canonical.txt"), "--width", "1000", "--height", "500");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("button center", result.Out, StringComparison.Ordinal);
        Assert.Contains("(120,100) px", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--width", "100")]
    [InlineData("--height", "100")]
    public async Task One_size_without_the_other_is_a_usage_error(string option, string value)
    {
        var result = await Tool.RunAsync("grounding", "parse", Fixture("docs-canonical.txt"), option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--width and --height go together", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error()
    {
        var result = await Tool.RunAsync("grounding", "parse", "no-such-file.txt");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No file at", result.Error, StringComparison.Ordinal);
    }
}
