using System.Text.Json;
using Connectors.JamAI;
using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;

namespace Connectors.Conformance.Tests.Conformance;

/// <summary>One set of JSON options for an application that caches both providers' responses.</summary>
public class ProviderJsonTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Options_with_both_providers_types_round_trip_grounding_and_references(bool groundingFirst)
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions);
        if (groundingFirst)
        {
            GroundingJson.AddGroundingTypes(options).AddJamAIContentTypes();
        }
        else
        {
            GroundingJson.AddGroundingTypes(options.AddJamAIContentTypes());
        }

        var grounding = GroundingParser.Parse("""<point mention="cat"> (10,20) </point>""").Annotations;
        // References are only made by the client, from the gateway's JSON: read them as it does.
        var references = JsonSerializer.Deserialize<JamAIReferences>("""{"chunks":[{"text":"Refunds take 14 days.","title":"Refunds","page":2}],"search_query":"refunds"}""", options)!;
        var message = new ChatMessage(ChatRole.Assistant, [new TextContent("Answer [@0]"), new GroundingContent(grounding) { ImageIndex = 0, ImageSize = new ImageSize(640, 480) }, new JamAIReferencesContent(references)]);

        var json = JsonSerializer.Serialize(message, options);
        var back = JsonSerializer.Deserialize<ChatMessage>(json, options)!;

        var point = Assert.IsType<PointAnnotation>(Assert.Single(back.Contents.OfType<GroundingContent>().Single().Leaves));
        Assert.Equal("cat", point.Mention);
        Assert.Equal(new ImageSize(640, 480), back.Contents.OfType<GroundingContent>().Single().ImageSize);
        var chunk = Assert.Single(back.Contents.OfType<JamAIReferencesContent>().Single().References.Chunks);
        Assert.Equal(("Refunds", 2), (chunk.Title, chunk.Page));
        Assert.Equal(json, JsonSerializer.Serialize(back, options));
    }
}
