using System.Text.RegularExpressions;
using Connectors.Emulator.Chat.Tools;
using Connectors.Emulator.Knowledge;
using Connectors.Emulator.Rules;
using Connectors.Emulator.Scenes;

namespace Connectors.Emulator.Chat;

/// <summary>Decides the answer: a matching rule first, then retrieval (RAG), then image analysis, then a plain echo.</summary>
internal sealed class ReplyPlanner(EmulatorRules rules, KnowledgeStore knowledge, HttpClient imageClient)
{
    public async Task<Reply> PlanAsync(ChatInput input, CancellationToken ct)
    {
        var reply = new Reply();
        var found = rules.Find(new RuleContext(input.Dialect, input.Model, input.LastUserText, input.HasTools, input.HasToolResults));
        var rule = found?.Rule;
        if (found is { } match)
        {
            FromRule(match.Rule, match.TextMatch, reply);
            if (input.ToolChoiceNone && reply.ToolCalls.Count > 0)
            {
                reply.ToolCalls.Clear();
                reply.FinishReason = "stop";
            }
        }
        else if (ToolPlanner.FoldedResults(input.LastUserText) is { Count: > 0 } results)
        {
            // JamAI folds tool results into user text: answer from them, as a model does after its calls.
            reply.Content = ToolPlanner.Answer(results);
        }
        else if (!input.ToolChoiceNone && !input.HasToolResults && input.Tools.Count > 0 && ToolPlanner.Choose(input) is { } call)
        {
            reply.ToolCalls.Add(call);
            reply.FinishReason = "tool_calls";
        }
        else if (input.Rag is { } rag && knowledge.TryGet(rag.TableId, out var table))
        {
            var query = rag.SearchQuery.Length > 0 ? rag.SearchQuery : input.LastUserText;
            var chunks = table.Search(query, rag.K);
            reply.References = new RetrievedReferences(chunks, query, table.Id);
            reply.Content = RagAnswerer.Answer(query, chunks, rag.InlineCitations);
        }
        else if (input.Media is [.., { Kind: not "image" }])
        {
            await AnswerMediaAsync(input, reply, ct).ConfigureAwait(false);
        }
        else if (input.Images.Count > 0)
        {
            await AnswerImageAsync(input, reply, ct).ConfigureAwait(false);
        }
        else
        {
            reply.Content = input.LastUserText.Length == 0
                ? "Hello! Send a question or an image."
                : $"You said: \"{Shorten(input.LastUserText)}\". This is the emulator; add a rule to script a reply.";
            if (input.Hints.Think)
            {
                reply.Reasoning = "There is no image to look at, so I restate the question.";
            }
        }

        if (rule is null && input.Model == "isaac-0.1")
        {
            // Isaac 0.1 opens its raw output with an empty think block; clients must strip it.
            reply.Content = "<think>\n\n</think>\n\n" + reply.Content;
        }

        Account(input, reply, rule?.Reply.Usage);
        return reply;
    }

    private static void FromRule(EmulatorRule rule, Match? textMatch, Reply reply)
    {
        var r = rule.Reply;
        reply.RuleName = rule.Name ?? "(unnamed rule)";
        var text = Expand(r.Text, textMatch);
        reply.Content = (text ?? "") + (r.Grounding is { Length: > 0 } g ? (text is { Length: > 0 } ? "\n" : "") + g : "");
        reply.Reasoning = Expand(r.Reasoning, textMatch);
        reply.ChunkSize = r.ChunkSize;
        reply.DelayMs = r.DelayMs ?? 0;
        reply.Fault = r.Fault;
        var n = 0;
        foreach (var call in r.ToolCalls)
        {
            var id = call.Id ?? $"call_{Guid.NewGuid():N}"[..20] + n++;
            reply.ToolCalls.Add(new ToolCallOut(id, call.Name, call.Arguments?.GetRawText() ?? "{}"));
        }

        reply.FinishReason = r.FinishReason ?? (reply.ToolCalls.Count > 0 ? "tool_calls" : "stop");
    }

    /// <summary>
    /// Fills <c>$1</c> / <c>${name}</c> from the groups of the rule's text pattern, so a scripted answer can
    /// repeat what the request said (a tool result, say). Patterns without groups leave the text as written.
    /// </summary>
    private static string? Expand(string? template, Match? textMatch) =>
        template is null || textMatch is null || textMatch.Groups.Count < 2 ? template : textMatch.Result(template);

    private async Task AnswerImageAsync(ChatInput input, Reply reply, CancellationToken ct)
    {
        var image = input.Images[^1];
        var bytes = image.Bytes;
        if (bytes is null && image.Url is not null)
        {
            try
            {
                bytes = await imageClient.GetByteArrayAsync(image.Url, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                reply.Content = $"The image at {image.Url} could not be fetched.";
                return;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                reply.Content = $"The image at {image.Url} could not be fetched in time.";
                return;
            }
        }

        var scene = bytes is null ? null : SceneAnalyzer.Analyze(bytes);
        if (scene is null)
        {
            reply.Content = "The image could not be decoded.";
            return;
        }

        scene = ExampleLabels.Apply(scene, ExampleLabels.Learn(input.Examples));
        (reply.Content, reply.Reasoning) = SceneAnswerer.Answer(scene, input.SystemText, input.LastUserText, input.Hints);
    }

    /// <summary>
    /// The last part is a video or audio: a frames video (the last one) is watched and answered with tracks, clips or a
    /// sentence; whole videos and sound cannot be decoded here, so the answer says what arrived.
    /// </summary>
    private async Task AnswerMediaAsync(ChatInput input, Reply reply, CancellationToken ct)
    {
        var index = input.Media.FindLastIndex(m => m.Frames is not null);
        if (index < 0)
        {
            var received = string.Join("; ", input.Media.Where(m => m.Kind != "image").Select(m => m.Description));
            reply.Content = $"I received {received}. The emulator cannot play whole videos or sound; send a video as timestamped frames (video_frames) to have it tracked or searched.";
            return;
        }

        var frames = new List<(byte[], int)>(input.Media[index].Frames!.Count);
        foreach (var (image, time) in input.Media[index].Frames!)
        {
            var bytes = image.Bytes;
            if (bytes is null && image.Url is not null)
            {
                try
                {
                    bytes = await imageClient.GetByteArrayAsync(image.Url, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
                {
                    reply.Content = $"The frame at {image.Url} could not be fetched.";
                    return;
                }
            }

            frames.Add((bytes!, time));
        }

        // Annotations name their asset unless the video is the request's only (or last) one.
        reply.Content = Scenes.Video.VideoAnswerer.Answer(frames, input.SystemText, input.LastUserText, input.Hints.Clip, index, writeAssetIndex: input.Media.Count > 1);
    }

    private static void Account(ChatInput input, Reply reply, RuleUsage? usage)
    {
        reply.AudioTokens = input.AudioTokens;
        if (usage is not null)
        {
            reply.PromptTokens = usage.PromptTokens;
            reply.CompletionTokens = usage.CompletionTokens;
            reply.ReasoningTokens = usage.ReasoningTokens;
            reply.CachedTokens = usage.CachedTokens;
            return;
        }

        reply.PromptTokens = input.PromptTokens;
        reply.ReasoningTokens = TokenCounter.Text(reply.Reasoning?.Length ?? 0);
        var answerTokens = TokenCounter.Text(reply.Content.Length + reply.ToolCalls.Sum(c => c.Name.Length + c.Arguments.Length));
        if (input.MaxTokens is { } max && reply.ToolCalls.Count == 0 && reply.ReasoningTokens + answerTokens > max)
        {
            // Cut the answer where the output cap falls, as a real model stops mid-sentence.
            var room = Math.Max(0, max - reply.ReasoningTokens) * 4;
            reply.Content = reply.Content[..Math.Min(room, reply.Content.Length)];
            answerTokens = Math.Min(answerTokens, Math.Max(0, max - reply.ReasoningTokens));
            reply.FinishReason = "length";
        }

        reply.CompletionTokens = Math.Max(1, reply.ReasoningTokens + answerTokens);
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
