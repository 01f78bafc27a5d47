using System.Net;
using System.Text.Json.Nodes;
using Connectors.Emulator.Knowledge;
using Connectors.Emulator.Rules;

namespace Connectors.Emulator.Tests;

public sealed class StreamingTests : EmulatorTestBase
{
    [Fact]
    public async Task Perceptron_stream_has_role_first_keep_alive_trailing_usage_and_done()
    {
        Server.Rules.When("count", new RuleReply { Reasoning = "Counting cars", Text = "There are 3 cars." }, EmulatorDialect.Perceptron);
        var body = PerceptronBody("count the cars", stream: true);
        body["stream_options"] = new JsonObject { ["include_usage"] = true };
        using var response = await PostAsync("/v1/chat/completions", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        var raw = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("\n\n: keep-alive\n\n", raw, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", raw, StringComparison.Ordinal);

        var events = Events(raw);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events.Take(events.Count - 1).Select(e => Parse(e)).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", (string?)c["object"]));
        Assert.Single(chunks.Select(c => (string?)c["id"]).Distinct());
        Assert.Equal("assistant", (string?)chunks[0]["choices"]![0]!["delta"]!["role"]);
        Assert.All(chunks.Skip(1), c => Assert.Null(c["choices"]!.AsArray().FirstOrDefault()?["delta"]?["role"]));

        var reasoning = string.Concat(chunks.Select(c => (string?)c["choices"]!.AsArray().FirstOrDefault()?["delta"]?["reasoning_content"]));
        var content = string.Concat(chunks.Select(c => (string?)c["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"]));
        Assert.Equal("Counting cars", reasoning);
        Assert.Equal("There are 3 cars.", content);
        Assert.True(chunks.Count > 4, "the answer arrives in several chunks");

        var finish = chunks[^2];
        Assert.Equal("stop", (string?)finish["choices"]![0]!["finish_reason"]);
        var usage = chunks[^1];
        Assert.Empty(usage["choices"]!.AsArray());
        Assert.Equal((int)usage["usage"]!["prompt_tokens"]! + (int)usage["usage"]!["completion_tokens"]!, (int)usage["usage"]!["total_tokens"]!);
    }

    [Fact]
    public async Task Perceptron_stream_without_include_usage_has_no_usage_chunk()
    {
        using var response = await PostAsync("/v1/chat/completions", PerceptronBody("hello", stream: true));
        var events = await EventsAsync(response);
        Assert.Equal("[DONE]", events[^1]);
        Assert.All(events.Take(events.Count - 1), e => Assert.Null(Parse(e)["usage"]));
        Assert.Equal("stop", (string?)Parse(events[^2])["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public async Task Perceptron_streams_tool_calls_by_index()
    {
        Server.Rules.Add(new EmulatorRule
        {
            Match = new RuleMatch { HasTools = true },
            Reply = new RuleReply { ToolCalls = [RuleToolCall.Create("get_weather", """{"city":"Paris","unit":"c"}"""), RuleToolCall.Create("get_time", """{"tz":"CET"}""")] },
        });
        var body = PerceptronBody("weather?", stream: true);
        body["tools"] = new JsonArray(Tool("get_weather"), Tool("get_time"));
        using var response = await PostAsync("/v1/chat/completions", body);
        var chunks = (await EventsAsync(response)).Where(e => e != "[DONE]").Select(Parse).ToList();
        var calls = new SortedDictionary<int, (string Name, string Args, string Id)>();
        foreach (var call in chunks.SelectMany(c => c["choices"]!.AsArray()).SelectMany(c => c!["delta"]?["tool_calls"]?.AsArray() ?? []))
        {
            var index = (int)call!["index"]!;
            calls.TryGetValue(index, out var acc);
            calls[index] = (acc.Name + (string?)call["function"]!["name"], acc.Args + (string?)call["function"]!["arguments"], acc.Id + (string?)call["id"]);
        }

        Assert.Equal(2, calls.Count);
        Assert.Equal("get_weather", calls[0].Name);
        Assert.Equal("""{"city":"Paris","unit":"c"}""", calls[0].Args);
        Assert.StartsWith("call_", calls[0].Id, StringComparison.Ordinal);
        Assert.Equal("""{"tz":"CET"}""", calls[1].Args);
        Assert.Equal("tool_calls", (string?)chunks.Last(c => c["choices"]!.AsArray().Count > 0)["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public async Task JamAI_stream_sends_references_first_and_duplicates_delta_as_message()
    {
        Server.Knowledge.GetOrCreate("docs").AddDocument("otters.md", "# Otters\n\nSea otters hold hands while sleeping so they do not drift apart.\n\nThey eat sea urchins.");
        var body = JamAIBody("Why do otters hold hands?", stream: true);
        body["rag_params"] = new JsonObject { ["table_id"] = "docs", ["k"] = 2 };
        using var response = await PostAsync("/api/v1/chat/completions", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await EventsAsync(response);
        Assert.Equal("[DONE]", events[^1]);
        var references = Parse(events[0]);
        Assert.Equal("chat.references", (string?)references["object"]);
        Assert.Equal("Why do otters hold hands?", (string?)references["search_query"]);
        Assert.Contains("hold hands", (string?)references["chunks"]![0]!["text"], StringComparison.Ordinal);

        var chunks = events.Skip(1).Take(events.Count - 2).Select(Parse).ToList();
        Assert.All(chunks, c => Assert.Null(c["object"] is { } o && (string?)o == "chat.references" ? o : null));
        // As the current server dumps chunks: delta holds only what was set, message is a copy with nulls and
        // the assistant role, finish_reason only on the finishing chunk, usage alone in a last chunk with no choices.
        foreach (var choice in chunks.SelectMany(c => c["choices"]!.AsArray()))
        {
            var delta = choice!["delta"]!.AsObject();
            var message = choice["message"]!.AsObject();
            Assert.All(delta, p => Assert.NotNull(p.Value));
            Assert.Equal("assistant", (string?)message["role"]);
            Assert.Equal((string?)delta["content"], (string?)message["content"]);
            Assert.Equal(["role", "content", "reasoning_content", "refusal", "tool_calls", "function_call"], message.Select(p => p.Key));
            Assert.Equal(choice.AsObject().ContainsKey("finish_reason"), delta.Count == 0);
        }

        var text = string.Concat(chunks.SelectMany(c => c["choices"]!.AsArray()).Select(c => (string?)c!["delta"]!["content"]));
        Assert.Contains("[@0]", text, StringComparison.Ordinal);
        Assert.Equal("assistant", (string?)chunks[0]["choices"]![0]!["delta"]!["role"]);
        Assert.Equal("stop", (string?)chunks[^2]["choices"]![0]!["finish_reason"]);
        var last = chunks[^1];
        Assert.Empty(last["choices"]!.AsArray());
        Assert.True((int)last["usage"]!["total_tokens"]! > 0);
        Assert.All(chunks.Take(chunks.Count - 1), c => Assert.Null(c["usage"]));
    }

    [Fact]
    public async Task JamAI_stream_without_rag_starts_with_a_chunk()
    {
        using var response = await PostAsync("/api/v1/chat/completions", JamAIBody("hi there", stream: true));
        var events = await EventsAsync(response);
        Assert.Equal("chat.completion.chunk", (string?)Parse(events[0])["object"]);
        Assert.Equal("[DONE]", events[^1]);
    }

    [Fact]
    public async Task Rule_chunk_size_sets_the_pieces()
    {
        Server.Rules.When(".*", new RuleReply { Text = "abcdefghij", ChunkSize = 3 });
        using var response = await PostAsync("/v1/chat/completions", PerceptronBody("x", stream: true));
        var pieces = (await EventsAsync(response)).Where(e => e != "[DONE]").Select(Parse)
            .Select(c => (string?)c["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"]).Where(s => s is not null).ToList();
        Assert.Equal(["abc", "def", "ghi", "j"], pieces);
    }

    [Fact]
    public async Task Perceptron_streams_scene_reasoning_before_the_answer()
    {
        var scene = Scenes.SceneGenerator.Generate(300, 200, 2, 5);
        var body = new JsonObject
        {
            ["model"] = "isaac-0.2-2b-preview",
            ["stream"] = true,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "system", ["content"] = "<hint>BOX THINK</hint>" }, ImageMessage(scene.ToDataUrl(), "What is here?")),
        };
        using var response = await PostAsync("/v1/chat/completions", body);
        var deltas = (await EventsAsync(response)).Where(e => e != "[DONE]").Select(Parse)
            .Select(c => c["choices"]!.AsArray().FirstOrDefault()?["delta"]).Where(d => d is not null).ToList();
        var firstContent = deltas.FindIndex(d => d!["content"] is not null);
        var lastReasoning = deltas.FindLastIndex(d => d!["reasoning_content"] is not null);
        Assert.True(lastReasoning >= 0 && lastReasoning < firstContent);
        var content = string.Concat(deltas.Select(d => (string?)d!["content"]));
        Assert.Equal(2, GridMath.Boxes(content).Count);
    }

    [Fact]
    public async Task Reasoning_effort_gives_reasoning_for_text_questions()
    {
        var body = PerceptronBody("Why is the sky blue?");
        body["reasoning_effort"] = "low";
        using var response = await PostAsync("/v1/chat/completions", body);
        var json = await JsonAsync(response);
        Assert.False(string.IsNullOrEmpty((string?)json["choices"]![0]!["message"]!["reasoning_content"]));
        Assert.True((int)json["usage"]!["completion_tokens_details"]!["reasoning_tokens"]! > 0);

        using var plain = await PostAsync("/v1/chat/completions", PerceptronBody("Why is the sky blue?"));
        Assert.Null((await JsonAsync(plain))["choices"]![0]!["message"]!["reasoning_content"]);
    }

    private static JsonObject Tool(string name) => new()
    {
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = name, ["parameters"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject(), ["required"] = new JsonArray() } },
    };

    private static List<string> Events(string raw)
    {
        var events = new List<string>();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw));
        foreach (var item in System.Net.ServerSentEvents.SseParser.Create(stream).Enumerate())
        {
            events.Add(item.Data);
        }

        return events;
    }

    [Fact]
    public void Knowledge_table_is_empty_until_rows_are_added() =>
        Assert.False(Server.Knowledge.TryGet("nothing", out KnowledgeTable? _));
}
