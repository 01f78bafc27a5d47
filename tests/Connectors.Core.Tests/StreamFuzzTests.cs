using System.Text;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Tests;

public class StreamFuzzTests
{
    private const string Good = """
        data: {"id":"c1","created":1790000000,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"think"}}]}

        : keep-alive

        data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hello \u00e9\u2028 world"}}]}

        data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"t1","function":{"name":"f","arguments":"{\"a\":"}}]}}]}

        data: {"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]},"finish_reason":"tool_calls"}]}

        data: {"id":"c1","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}

        data: [DONE]


        """;

    private static async Task<(string Summary, Exception? Error)> RunAsync(byte[] body, Func<int, int>? pieces = null)
    {
        using var client = new EngineClient(new BytesHandler(body, "text/event-stream", pieces));
        var text = new StringBuilder();
        try
        {
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "x")]))
            {
                updates.Add(update);
            }

            var response = updates.ToChatResponse();
            return ($"{response.Text}|{response.FinishReason}|{response.Usage?.TotalTokenCount}|{string.Join(",", response.Messages.SelectMany(m => m.Contents).Select(c => c.GetType().Name))}", null);
        }
        catch (Exception e)
        {
            return ("", e);
        }
    }

    [Fact]
    public async Task Any_piece_sizes_give_the_same_response()
    {
        var body = Encoding.UTF8.GetBytes(Good.ReplaceLineEndings("\n"));
        var (expected, error) = await RunAsync(body);
        Assert.Null(error);
        Assert.StartsWith("Hello é\u2028 world|tool_calls|7|", expected, StringComparison.Ordinal);

        var random = new Random(11);
        for (var i = 0; i < 200; i++)
        {
            var seed = random.Next();
            var pieces = new Random(seed);
            var (actual, failure) = await RunAsync(body, _ => pieces.Next(1, 40));
            Assert.True(failure is null, $"seed {seed}: {failure}");
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task Crlf_and_cr_line_endings_parse_alike()
    {
        var lf = Good.ReplaceLineEndings("\n");
        var (expected, _) = await RunAsync(Encoding.UTF8.GetBytes(lf));
        var (crlf, e1) = await RunAsync(Encoding.UTF8.GetBytes(lf.Replace("\n", "\r\n", StringComparison.Ordinal)));
        var (cr, e2) = await RunAsync(Encoding.UTF8.GetBytes(lf.Replace("\n", "\r", StringComparison.Ordinal)));
        Assert.Null(e1);
        Assert.Null(e2);
        Assert.Equal(expected, crlf);
        Assert.Equal(expected, cr);
    }

    [Fact]
    public async Task Random_and_mutated_streams_end_in_a_response_or_a_typed_error_only()
    {
        var good = Encoding.UTF8.GetBytes(Good.ReplaceLineEndings("\n"));
        var random = new Random(2024);
        for (var i = 0; i < 3000; i++)
        {
            var body = (i % 3) switch
            {
                0 => RandomBytes(random),
                1 => Mutate(good, random),
                _ => good[..random.Next(good.Length)],
            };

            var (_, error) = await RunAsync(body, _ => random.Next(1, 64));
            Assert.True(error is null or ChatServiceException, $"case {i}: {error}\n{error?.StackTrace}");
        }
    }

    [Fact]
    public async Task Random_and_mutated_json_replies_end_in_a_response_or_a_typed_error_only()
    {
        var good = Encoding.UTF8.GetBytes("""
            {"id":"c","object":"chat.completion","created":1790000000,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi","reasoning_content":"r","tool_calls":[{"id":"t","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3,"prompt_tokens_details":{"cached_tokens":1},"x":{"y":2}}}
            """);
        var random = new Random(77);
        for (var i = 0; i < 3000; i++)
        {
            var body = i % 2 == 0 ? Mutate(good, random) : RandomBytes(random);
            using var client = new EngineClient(new BytesHandler(body, "application/json", _ => random.Next(1, 64)));
            var error = await Record.ExceptionAsync(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "x")]));
            Assert.True(error is null or ChatServiceException, $"case {i}: {error}\n{error?.StackTrace}");
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 300)];
        random.NextBytes(bytes);
        if (random.Next(2) == 0)
        {
            // Often shaped like SSE, so the JSON reader is reached too.
            return Encoding.UTF8.GetBytes("data: " + Encoding.Latin1.GetString(bytes) + "\n\ndata: [DONE]\n\n");
        }

        return bytes;
    }

    private static byte[] Mutate(byte[] source, Random random)
    {
        var bytes = source.ToList();
        for (var n = random.Next(1, 8); n > 0 && bytes.Count > 0; n--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0: bytes.RemoveAt(at); break;
                case 1: bytes.Insert(at, (byte)"{}[]\":,\n0a\\"[random.Next(11)]); break;
                default: bytes[at] = (byte)random.Next(256); break;
            }
        }

        return [.. bytes];
    }
}
