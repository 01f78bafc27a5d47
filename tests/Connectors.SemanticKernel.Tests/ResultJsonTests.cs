using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Connectors.SemanticKernel.Tests;

/// <summary>One JSON shape for results, camelCase like MEAI's serializer, whichever way a function is called.</summary>
public sealed class ResultJsonTests
{
    private const string Answer = "<point_box mention=\"cat\"> (100,200) (300,400) </point_box>";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static VisionPlugin Plugin() =>
        new(new MockPerceptron().Answer(Answer, new Connectors.Perceptron.Grounding.ImageSize(640, 480)).Mock.Object);

    [Fact]
    public async Task Through_an_MEAI_tool_coordinates_are_camel_case()
    {
        var detect = Plugin().AsAITools().OfType<AIFunction>().Single(f => f.Name == "Vision_DetectObjects");

        var result = await detect.InvokeAsync(new AIFunctionArguments { ["image"] = TestImages.DataUrl }, Token);

        AssertCamelCase(JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions));
    }

    [Fact]
    public async Task Through_Semantic_Kernel_and_the_plugin_options_coordinates_are_camel_case()
    {
        var kernel = new Kernel();
        kernel.Plugins.Add(Plugin().AsKernelPlugin());

        var result = await kernel.InvokeAsync(VisionPlugin.PluginName, "DetectObjects", new KernelArguments { ["image"] = TestImages.DataUrl }, Token);

        AssertCamelCase(JsonSerializer.Serialize(result.GetValue<DetectionResult>(), VisionPlugin.JsonSerializerOptions));
        AssertCamelCase(JsonSerializer.Serialize(result.GetValue<DetectionResult>(), AIJsonUtilities.DefaultOptions));
    }

    private static void AssertCamelCase(string json)
    {
        var box = System.Text.Json.Nodes.JsonNode.Parse(json)!["objects"]![0]!["pixelBox"]!;
        Assert.Equal(64, (int)box["topLeft"]!["x"]!);
        Assert.Equal(96, (int)box["topLeft"]!["y"]!);
        Assert.Equal(128, (int)box["width"]!);
        Assert.DoesNotContain("\"X\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"TopLeft\"", json, StringComparison.Ordinal);
    }
}
