using System.Text.Json;
using Connectors.Perceptron.Grounding;

namespace Connectors.Perceptron.Tests.Grounding;

public sealed class HtmlTextTests
{
    [Theory]
    [InlineData("a&#0;b", "a\uFFFDb")]
    [InlineData("&#xD800;", "\uFFFD")]
    [InlineData("&#x110000;", "\uFFFD")]
    [InlineData("&#65;&#x42;", "AB")]
    [InlineData("&bogus;", "&bogus;")]
    public void Numeric_references_follow_the_html_spec(string input, string expected)
    {
        Assert.Equal(expected, HtmlText.Unescape(input));
    }

    [Fact]
    public void Every_generated_value_decodes_as_pythons_html_unescape_does()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "grounding", "html-unescape-cases.json");
        var cases = JsonSerializer.Deserialize<string[][]>(File.ReadAllText(path))!;

        Assert.True(cases.Length >= 600);
        foreach (var pair in cases)
        {
            Assert.True(pair[1] == HtmlText.Unescape(pair[0]), $"{pair[0]} decoded to {HtmlText.Unescape(pair[0])}, not {pair[1]}");
        }
    }
}
