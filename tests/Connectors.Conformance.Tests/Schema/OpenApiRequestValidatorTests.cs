namespace Connectors.Conformance.Tests.Schema;

/// <summary>The validator itself: it must reject what the schema forbids, or the schema checks elsewhere prove nothing.</summary>
public class OpenApiRequestValidatorTests
{
    [Fact]
    public async Task A_minimal_request_with_vendor_fields_is_valid()
    {
        var errors = await OpenApiRequestValidator.ValidateAsync("""{"model":"m","messages":[{"role":"user","content":"Hi"}],"hints":["POINT"],"rag_params":{"table_id":"t"}}""");

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"Hi"}]}""", "#/model")]
    [InlineData("""{"model":"m","messages":[]}""", "#/messages")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"Hi"}],"temperature":"hot"}""", "#/temperature")]
    [InlineData("""{"model":"m","messages":[{"role":"user","content":"Hi"}],"tool_choice":"sometimes"}""", "#/tool_choice")]
    [InlineData("""{"model":"m","messages":[{"role":"wizard","content":"Hi"}]}""", "#/messages[0]")]
    public async Task A_request_the_schema_forbids_is_reported_where_it_breaks(string body, string path)
    {
        var errors = await OpenApiRequestValidator.ValidateAsync(body);

        Assert.Contains(errors, e => e.Path?.StartsWith(path, StringComparison.Ordinal) == true);
    }
}
