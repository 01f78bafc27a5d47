using Connectors.Core;
using Microsoft.Extensions.AI;

namespace Connectors.JamAI.Tests;

/// <summary>The server re-runs a generation inside one stream on a provider limit; the restarted chunks have a new id.</summary>
public sealed class StreamRestartTests
{
    private static readonly List<ChatMessage> Question = [new(ChatRole.User, "Capital of France?")];

    private static string Chunk(string id, string delta) =>
        "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1786950000,\"model\":\"anthropic/claude-haiku-4-5\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning_content\":null,\"refusal\":null,\"tool_calls\":null,\"function_call\":null},\"delta\":" + delta + "}]}" + "\n\n";

    private static string Stream(params string[] events) => string.Concat(events);

    [Fact]
    public async Task A_new_chunk_id_after_text_ends_the_stream_with_a_retryable_error_and_no_doubled_text()
    {
        var handler = new ScriptedHandler().Sse(Stream(
            Chunk("chatcmpl-a", """{"role":"assistant","content":"Paris is"}"""),
            Chunk("chatcmpl-b", """{"role":"assistant","content":"Paris is the capital."}"""),
            "data: [DONE]\n\n"));
        using var client = Clients.Create(handler, static o => o.Resilience = new() { MaxRetries = 2 });

        var texts = new List<string>();
        var error = await Assert.ThrowsAsync<ChatStreamException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken))
            {
                texts.Add(update.Text);
            }
        });

        Assert.Equal(["Paris is"], texts);
        Assert.True(error.IsRetryable);
        Assert.Contains("restarted the answer", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests); // the caller has text: asking again would repeat it
    }

    [Fact]
    public async Task A_restart_before_any_update_reached_the_caller_is_asked_for_again()
    {
        var handler = new ScriptedHandler()
            .Sse(Stream(
                Chunk("chatcmpl-a", """{"role":"assistant","content":""}"""),
                Chunk("chatcmpl-b", """{"content":"Paris"}"""),
                "data: [DONE]\n\n"))
            .Sse(Stream(
                Chunk("chatcmpl-c", """{"role":"assistant","content":"Paris is the capital."}"""),
                Chunk("chatcmpl-c", "{},\"finish_reason\":\"stop\""),
                "data: [DONE]\n\n"));
        using var client = Clients.Create(handler, static o => o.Resilience = new() { MaxRetries = 2 });

        var response = await client.GetStreamingResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken).ToChatResponseAsync(TestContext.Current.CancellationToken);

        Assert.Equal("Paris is the capital.", response.Text);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Without_retries_a_restart_before_any_update_surfaces()
    {
        var handler = new ScriptedHandler().Sse(Stream(
            Chunk("chatcmpl-a", """{"role":"assistant","content":""}"""),
            Chunk("chatcmpl-b", """{"content":"Paris"}"""),
            "data: [DONE]\n\n"));
        using var client = Clients.Create(handler); // retries off

        await Assert.ThrowsAsync<ChatStreamException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Question, cancellationToken: TestContext.Current.CancellationToken))
            {
            }
        });
        Assert.Single(handler.Requests);
    }
}
