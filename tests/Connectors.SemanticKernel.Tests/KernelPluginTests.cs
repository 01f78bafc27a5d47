using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;

namespace Connectors.SemanticKernel.Tests;

/// <summary>The plugin as Semantic Kernel sees it: names, descriptions, parameters, invocation through the kernel.</summary>
public sealed class KernelPluginTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void The_plugin_exposes_nine_described_functions_with_an_image_or_video_parameter()
    {
        var mock = new MockPerceptron();
        var builder = Kernel.CreateBuilder();
        builder.AddVisionPlugin(mock.Mock.Object);
        var kernel = builder.Build();

        var plugin = kernel.Plugins[VisionPlugin.PluginName];
        Assert.Equal(
            ["AskAboutImage", "CountObjects", "DescribeImage", "DetectObjects", "FindMoments", "LocateObjects", "ReadText", "SegmentObjects", "TrackObjects"],
            plugin.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(plugin.Where(f => f.Name is not ("TrackObjects" or "FindMoments")), f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Description));
            var image = f.Metadata.Parameters[0];
            Assert.Equal("image", image.Name);
            Assert.True(image.IsRequired);
            Assert.Contains("latest", image.Description, StringComparison.Ordinal);
        });
        Assert.All(plugin.Where(f => f.Name is "TrackObjects" or "FindMoments"), f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Description));
            var video = f.Metadata.Parameters[0];
            Assert.Equal("video", video.Name);
            Assert.True(video.IsRequired);
            Assert.Contains("folder of frames", video.Description, StringComparison.Ordinal);
        });
        Assert.True(plugin["FindMoments"].Metadata.Parameters.Single(p => p.Name == "query").IsRequired);
        Assert.False(plugin["DetectObjects"].Metadata.Parameters.Single(p => p.Name == "categories").IsRequired);
        Assert.True(plugin["CountObjects"].Metadata.Parameters.Single(p => p.Name == "objects").IsRequired);
    }

    [Fact]
    public async Task The_kernel_invokes_CountObjects_and_returns_the_typed_result()
    {
        var mock = new MockPerceptron().Answer("<point mention=\"red circle\"> (100,100) </point> <point mention=\"red circle\"> (700,700) </point>", new(640, 480));
        var builder = Kernel.CreateBuilder();
        builder.AddVisionPlugin(mock.Mock.Object);
        var kernel = builder.Build();
        var vision = kernel.GetRequiredService<VisionPlugin>();
        Assert.Equal("scene", vision.AddImage(TestImages.Png, "scene"));

        var result = await kernel.InvokeAsync(VisionPlugin.PluginName, "CountObjects", new KernelArguments { ["image"] = "scene", ["objects"] = "red circles" }, Token);

        var count = Assert.IsType<CountResult>(result.GetValue<object>());
        Assert.Equal(2, count.Count);
        Assert.Equal("scene", count.Image.Source);
    }

    [Fact]
    public void AddVisionPlugin_without_a_client_finds_the_registered_perceptron_client_by_service_id_or_type()
    {
        var builder = Kernel.CreateBuilder();
        builder.AddJamAIChatClient(o => o.Endpoint = new Uri("http://127.0.0.1:1/api"));
        builder.AddPerceptronChatClient(o => o.Endpoint = new Uri("http://127.0.0.1:1/v1"), serviceId: "vision");
        builder.AddVisionPlugin();
        var kernel = builder.Build();

        Assert.NotNull(kernel.GetRequiredService<VisionPlugin>());
        Assert.Contains(kernel.Plugins, p => p.Name == VisionPlugin.PluginName);
        Assert.NotNull(kernel.Services.GetRequiredKeyedService<Microsoft.Extensions.AI.IChatClient>("vision").GetService(typeof(Connectors.Perceptron.PerceptronChatClient)));
        Assert.NotNull(kernel.GetRequiredService<Microsoft.Extensions.AI.IChatClient>().GetService(typeof(Connectors.JamAI.JamAIChatClient)));
    }

    [Fact]
    public void AddVisionPlugin_without_any_perceptron_client_says_what_to_register()
    {
        var builder = Kernel.CreateBuilder();
        builder.AddJamAIChatClient(o => o.Endpoint = new Uri("http://127.0.0.1:1/api"));
        builder.AddVisionPlugin();

        var error = Assert.Throws<InvalidOperationException>(() => builder.Build().GetRequiredService<VisionPlugin>());

        Assert.Contains("AddPerceptronChatClient", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Services_with_AddKernel_get_the_plugin_over_the_registered_perceptron_client()
    {
        var services = new ServiceCollection();
        services.AddPerceptronChatClient(o => o.Endpoint = new Uri("http://127.0.0.1:1/v1"));
        services.AddVisionPlugin(options: new VisionPluginOptions { ModelId = "isaac-0.1" });
        services.AddKernel();
        using var provider = services.BuildServiceProvider();

        var kernel = provider.GetRequiredService<Kernel>();

        Assert.Equal(9, kernel.Plugins[VisionPlugin.PluginName].FunctionCount);
        Assert.Same(provider.GetRequiredService<VisionPlugin>(), kernel.GetRequiredService<VisionPlugin>());
    }

    [Fact]
    public void Adding_the_plugin_twice_is_refused()
    {
        var builder = Kernel.CreateBuilder();
        builder.AddVisionPlugin(new MockPerceptron().Mock.Object);

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddVisionPlugin(new MockPerceptron().Mock.Object));

        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KernelPluginFactory_takes_the_plugin_as_an_object()
    {
        var plugin = KernelPluginFactory.CreateFromObject(new VisionPlugin(new MockPerceptron().Mock.Object), VisionPlugin.PluginName);

        Assert.Equal(9, plugin.FunctionCount);
        Assert.Contains(new VisionPlugin(new MockPerceptron().Mock.Object).AsAITools(), t => t.Name == "Vision_CountObjects");
    }
}
