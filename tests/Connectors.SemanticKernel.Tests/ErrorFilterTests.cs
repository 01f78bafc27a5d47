using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Moq;

namespace Connectors.SemanticKernel.Tests;

/// <summary>Under Semantic Kernel's automatic function calling, the model reads why a vision call was refused.</summary>
public sealed class ErrorFilterTests
{
    [Theory]
    [InlineData("""{"image":"nowhere.png","objects":"cats"}""", "allows no local image files")]
    [InlineData("""{"image":"latest"}""", "objects")]
    [InlineData("""{"image":"data:image/png;base64,aGVsbG8=","objects":"cats"}""", "not a PNG, JPEG or WebP image")]
    public async Task Refusals_come_back_to_the_model_as_the_function_result(string arguments, string expected)
    {
        var seen = new List<string>();
        var chat = new Mock<IChatClient>();
        chat.Setup(c => c.GetService(typeof(ChatClientMetadata), null)).Returns(new ChatClientMetadata("mock"));
        var turn = 0;
        chat.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IEnumerable<ChatMessage> messages, ChatOptions? _, CancellationToken _) =>
            {
                if (turn++ == 0)
                {
                    var args = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments);
                    return new ChatResponse(new ChatMessage(ChatRole.Assistant, [new Microsoft.Extensions.AI.FunctionCallContent("c1", "Vision_CountObjects", args)]));
                }

                seen.AddRange(messages.SelectMany(m => m.Contents).OfType<Microsoft.Extensions.AI.FunctionResultContent>().Select(r => r.Result?.ToString() ?? "(exception) " + r.Exception?.Message));
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"));
            });
        var perceptron = new MockPerceptron().Answer("unused", null);
        var builder = Kernel.CreateBuilder();
        builder.Services.AddChatClient(chat.Object).UseKernelFunctionInvocation();
        builder.AddVisionPlugin(perceptron.Mock.Object);

        await builder.Build().InvokePromptAsync("count", new KernelArguments(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() }), cancellationToken: TestContext.Current.CancellationToken);

        var result = Assert.Single(seen);
        Assert.StartsWith("Error: ", result, StringComparison.Ordinal);
        Assert.Contains(expected, result, StringComparison.Ordinal);
        Assert.Equal(0, perceptron.Calls);
    }
}
