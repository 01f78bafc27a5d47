using Connectors.Cli.Hosting;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Connectors.Cli.Output;

/// <summary>Streams an answer to the console as it arrives (reasoning in grey first), and returns the whole response.</summary>
internal static class StreamingAnswer
{
    public static async Task<ChatResponse> StreamAsync(CommandContext context, IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var updates = new List<ChatResponseUpdate>();
        var console = context.Console;
        var inReasoning = false;
        var wroteText = false;
        await foreach (var update in client.GetStreamingResponseAsync(messages, options, context.CancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            if (context.Json)
            {
                continue;
            }

            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case TextReasoningContent { Text.Length: > 0 } reasoning:
                        if (!inReasoning)
                        {
                            console.Rich.Markup("[grey]Reasoning: [/]");
                            inReasoning = true;
                        }

                        console.Rich.Markup($"[grey]{Markup.Escape(reasoning.Text)}[/]");
                        break;
                    case TextContent { Text.Length: > 0 } text:
                        if (inReasoning)
                        {
                            console.Rich.WriteLine();
                            inReasoning = false;
                        }

                        await console.Out.WriteAsync(text.Text).ConfigureAwait(false);
                        wroteText = true;
                        break;
                }
            }
        }

        if (!context.Json && (wroteText || inReasoning))
        {
            await console.Out.WriteLineAsync().ConfigureAwait(false);
        }

        return updates.ToChatResponse();
    }
}
