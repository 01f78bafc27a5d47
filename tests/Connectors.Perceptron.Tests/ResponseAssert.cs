using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Tests;

/// <summary>Compares what users read from a response: ids, text, reasoning, tool calls, finish reason, usage.</summary>
internal static class ResponseAssert
{
    public static void Equivalent(ChatResponse expected, ChatResponse actual)
    {
        Assert.Equal(expected.ResponseId, actual.ResponseId);
        Assert.Equal(expected.ModelId, actual.ModelId);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.FinishReason, actual.FinishReason);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Messages.Count, actual.Messages.Count);
        for (var i = 0; i < expected.Messages.Count; i++)
        {
            var e = expected.Messages[i];
            var a = actual.Messages[i];
            Assert.Equal(e.Role, a.Role);
            Assert.Equal(e.MessageId, a.MessageId);
            Assert.Equal(Describe(e.Contents), Describe(a.Contents));
        }

        Assert.Equal(expected.Usage?.InputTokenCount, actual.Usage?.InputTokenCount);
        Assert.Equal(expected.Usage?.OutputTokenCount, actual.Usage?.OutputTokenCount);
        Assert.Equal(expected.Usage?.TotalTokenCount, actual.Usage?.TotalTokenCount);
        Assert.Equal(expected.Usage?.CachedInputTokenCount, actual.Usage?.CachedInputTokenCount);
        Assert.Equal(expected.Usage?.ReasoningTokenCount, actual.Usage?.ReasoningTokenCount);
    }

    public static List<string> Describe(IEnumerable<AIContent> contents) => [.. contents.Select(c => c switch
    {
        TextReasoningContent r => $"reasoning:{r.Text}",
        TextContent t => $"text:{t.Text}",
        FunctionCallContent f => $"call:{f.CallId}:{f.Name}:{string.Join(",", f.Arguments?.Select(kv => $"{kv.Key}={kv.Value}") ?? [])}:{f.Exception?.GetType().Name}",
        _ => c.GetType().Name,
    })];
}
