using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;
using Moq;

namespace Connectors.SemanticKernel.Tests;

/// <summary>A mocked Perceptron client: records what the plugin sends and answers with text and the grounding the real client would attach.</summary>
internal sealed class MockPerceptron
{
    public Mock<IChatClient> Mock { get; } = new(MockBehavior.Strict);

    public List<ChatMessage> Messages { get; } = [];

    public ChatOptions? Options { get; private set; }

    public int Calls { get; private set; }

    public MockPerceptron Answer(string text, ImageSize? size, string? reasoning = null)
    {
        Mock.Setup(c => c.GetResponseAsync(It.IsAny<IEnumerable<ChatMessage>>(), It.IsAny<ChatOptions?>(), It.IsAny<CancellationToken>()))
            .Callback<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken>((messages, options, _) =>
            {
                Calls++;
                Messages.Clear();
                Messages.AddRange(messages);
                Options = options;
            })
            .ReturnsAsync(() =>
            {
                var contents = new List<AIContent>();
                if (reasoning is not null)
                {
                    contents.Add(new TextReasoningContent(reasoning));
                }

                contents.Add(new TextContent(text));
                var leaves = GroundingParser.Parse(text).Leaves;
                if (leaves.Count > 0)
                {
                    contents.Add(new GroundingContent(leaves) { ImageIndex = 0, ImageSize = size });
                }

                return new ChatResponse(new ChatMessage(ChatRole.Assistant, contents));
            });
        return this;
    }

    public ChatMessage User => Assert.Single(Messages, m => m.Role == ChatRole.User);

    public string? SystemText => Messages.SingleOrDefault(m => m.Role == ChatRole.System)?.Text;
}
