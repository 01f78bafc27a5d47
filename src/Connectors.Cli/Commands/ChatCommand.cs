using System.CommandLine;
using System.Text.Json.Nodes;
using Connectors.Cli.Hosting;
using Connectors.Cli.Images;
using Connectors.Cli.Output;
using Connectors.Cli.Services;
using Connectors.JamAI;
using Connectors.Perceptron;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace Connectors.Cli.Commands;

/// <summary><c>chat</c>: a streamed conversation with either service, one message or interactive.</summary>
internal static class ChatCommand
{
    private const string ExitWord = "/exit";

    public static Command Create(CommandRunner runner)
    {
        var message = new Argument<string?>("message") { Description = "One message to send; without it, chat interactively (one line per turn, /exit or end of input to stop).", Arity = ArgumentArity.ZeroOrOne };
        var dialect = DialectOption.Create();
        var image = new Option<string?>("--image", "-i") { Description = "Path or URL of an image sent with the first message.", HelpName = "image" };
        var system = new Option<string?>("--system") { Description = "A system instruction.", HelpName = "text" };
        var rag = new Option<string?>("--rag") { Description = "JamAI: answer from this Knowledge Table, with citations.", HelpName = "table-id" };
        var think = new Option<bool>("--think") { Description = "Perceptron: ask for visible reasoning (the THINK hint)." };
        var services = new ServiceOptions();
        var command = services.AddTo(new Command("chat", "Chat with Perceptron or JamAI Base, streamed.") { message, dialect, image, system, rag, think });
        return runner.Handle(command, async (context, parse) =>
        {
            var jamai = DialectOption.IsJamAI(parse.GetValue(dialect));
            var table = parse.GetValue(rag);
            if (table is not null && !jamai)
            {
                throw new CliException("--rag searches a JamAI Knowledge Table: add --dialect jamai.");
            }

            var options = new ChatOptions();
            if (table is not null)
            {
                options.WithRag(new RagParams(table));
            }

            if (parse.GetValue(think))
            {
                if (jamai)
                {
                    throw new CliException("--think is the Perceptron THINK hint: drop it, or use --dialect perceptron.");
                }

                options.WithHints(PerceptronHints.Think);
            }

            var imageInput = parse.GetValue(image) is { } path ? await ImageInput.LoadAsync(path, context.CancellationToken).ConfigureAwait(false) : null;
            var history = new List<ChatMessage>();
            if (parse.GetValue(system) is { } instruction)
            {
                history.Add(new ChatMessage(ChatRole.System, instruction));
            }

            var connector = await ServiceConnector.ConnectAsync(services.Read(parse), context.CancellationToken).ConfigureAwait(false);
            await using (connector.ConfigureAwait(false))
            {
                if (table == Demo.DemoKnowledge.TableId && connector.JamAIOnEmulator)
                {
                    using var knowledge = connector.CreateJamAIKnowledge();
                    await Demo.DemoKnowledge.EnsureAsync(knowledge, context.CancellationToken).ConfigureAwait(false);
                }

                using IChatClient client = jamai ? connector.CreateJamAI() : connector.CreatePerceptron();
                var first = parse.GetValue(message);
                if (first is not null)
                {
                    history.Add(UserMessage(first, imageInput));
                    var response = await StreamingAnswer.StreamAsync(context, client, history, options).ConfigureAwait(false);
                    Report(context, response);
                    return ExitCodes.Success;
                }

                await InteractiveAsync(context, client, history, options, imageInput).ConfigureAwait(false);
                return ExitCodes.Success;
            }
        });
    }

    private static async Task InteractiveAsync(CommandContext context, IChatClient client, List<ChatMessage> history, ChatOptions options, ImageInput? image)
    {
        var console = context.Console;
        if (context.Json)
        {
            throw new CliException("--json needs a message to answer: give it as an argument (interactive chat prints plain text).");
        }

        await console.Out.WriteLineAsync($"Chatting ({ExitWord} or end of input to stop).").ConfigureAwait(false);
        while (true)
        {
            await console.Out.WriteAsync("> ").ConfigureAwait(false);
            await console.Out.FlushAsync(context.CancellationToken).ConfigureAwait(false);
            var line = await console.In.ReadLineAsync(context.CancellationToken).ConfigureAwait(false);
            if (line is null || line.Trim() == ExitWord)
            {
                return;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            history.Add(UserMessage(line, image));
            image = null; // the image goes with the first message only
            var response = await StreamingAnswer.StreamAsync(context, client, history, options).ConfigureAwait(false);
            history.AddRange(response.Messages);
            Report(context, response);
        }
    }

    private static ChatMessage UserMessage(string text, ImageInput? image) =>
        image is null ? new ChatMessage(ChatRole.User, text) : new ChatMessage(ChatRole.User, [image.ToContent(), new TextContent(text)]);

    /// <summary>After the streamed text: the citations (JamAI RAG), or everything as JSON.</summary>
    private static void Report(CommandContext context, ChatResponse response)
    {
        var citations = response.GetCitations();
        if (context.Json)
        {
            JsonOutput.Write(context, new JsonObject
            {
                ["model"] = response.ModelId,
                ["text"] = response.Text,
                ["reasoning"] = Reasoning(response),
                ["citations"] = Citations.ToJson(citations),
            });
            return;
        }

        Citations.Show(context.Console.Rich, citations);
    }

    private static string? Reasoning(ChatResponse response)
    {
        var text = string.Concat(response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(r => r.Text));
        return text.Length > 0 ? text : null;
    }
}
