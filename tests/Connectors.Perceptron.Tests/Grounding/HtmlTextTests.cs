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
}
