using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Connectors.JamAI.Tests;

/// <summary>The client against what the current JamAI Base server really writes (see <see cref="ServerShapes"/>).</summary>
public sealed class ServerShapeTests
{
    private const string Answer = "You get 14 days of annual leave [@0], and unused days carry over for a year [@1; @0].";
    private const string HandbookFile = "s3://file/raw/org_1/proj_1/019a0000-aaaa-7000-8000-000000000001/handbook.pdf";

    private static readonly List<ChatMessage> Question = [new(ChatRole.User, "How much leave do I get?")];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Citations_take_their_source_from_document_id_and_read_empty_strings_as_absent()
    {
        using var client = Clients.Create(new ScriptedHandler().Replay("chat_nonstream_rag"));
        var response = await client.GetResponseAsync(Question, cancellationToken: Token);

        var text = Assert.Single(response.Messages[0].Contents.OfType<TextContent>());
        Assert.Equal(Answer, text.Text);
        var citations = text.Annotations!.Cast<CitationAnnotation>().ToList();
        Assert.Equal(3, citations.Count);

        var handbook = citations[0];
        Assert.Equal("[@0]", Marked(text.Text, handbook));
        Assert.Equal("Staff Handbook 2026", handbook.Title);
        Assert.Equal(HandbookFile, handbook.FileId);
        Assert.Null(handbook.Url);
        Assert.Equal("Employees get 14 days of annual leave.", handbook.Snippet);
        Assert.Equal("019a0000-bbbb-7000-8000-000000000011", handbook.AdditionalProperties!["chunk_id"]);
        Assert.Equal(4, handbook.AdditionalProperties["page"]);
        Assert.Equal(0.03278688524590164, (double)handbook.AdditionalProperties["rrf_score"]!, 12);
        Assert.False(handbook.AdditionalProperties.ContainsKey("file_name")); // "" is absent

        var untitled = citations[1];
        Assert.Equal("[@1; @0]", Marked(text.Text, untitled));
        Assert.Null(untitled.Title); // "" is absent, not an empty title
        Assert.Null(untitled.FileId); // no document_id: no source to name
        Assert.Equal("Unused leave can be carried over for one year.", untitled.Snippet);
        Assert.Equal(1, untitled.AdditionalProperties!["chunk_index"]);
        Assert.False(untitled.AdditionalProperties.ContainsKey("page"));
    }

    [Fact]
    public async Task A_streamed_answer_carries_its_citations_on_the_updates_that_complete_the_markers()
    {
        using var client = Clients.Create(new ScriptedHandler().Replay("chat_stream_rag"));
        var updates = await ReadAsync(client.GetStreamingResponseAsync(Question, cancellationToken: Token));

        // The server splits "[@" | "0]": the second update completes the marker and carries its citation.
        var completing = Assert.Single(updates, u => u.Text.StartsWith("0]", StringComparison.Ordinal));
        var annotations = completing.Contents.OfType<TextContent>().Single().Annotations!.Cast<CitationAnnotation>().ToList();
        Assert.Equal(["0]", "[@1; @0]", "[@1; @0]"], annotations.Select(a => Marked(completing.Text, a)));
        Assert.Equal([HandbookFile, null, HandbookFile], annotations.Select(a => a.FileId));
        Assert.All(updates.Where(u => u != completing), u => Assert.All(u.Contents, c => Assert.Null(c.Annotations)));
    }

    [Fact]
    public async Task A_coalesced_stream_has_the_citations_of_the_whole_reply_without_a_vendor_call()
    {
        using var streamed = Clients.Create(new ScriptedHandler().Replay("chat_stream_rag"));
        using var whole = Clients.Create(new ScriptedHandler().Replay("chat_nonstream_rag"));

        var fromStream = await streamed.GetStreamingResponseAsync(Question, cancellationToken: Token).ToChatResponseAsync(Token);
        var reply = await whole.GetResponseAsync(Question, cancellationToken: Token);

        Assert.Equal(reply.Text, fromStream.Text);
        Assert.Equal(Citations(reply), Citations(fromStream));
    }

    [Fact]
    public async Task Citations_are_found_at_every_split_of_the_answer()
    {
        for (var split = 1; split < Answer.Length; split++)
        {
            var events = ServerShapes.Events("chat_stream_rag").ToList();
            var content = events.FindIndex(e => e.Contains("\"delta\":{\"content\":\"You get", StringComparison.Ordinal));
            events.RemoveRange(content, 2);
            events.Insert(content, ContentEvent(events[content - 1], Answer[split..]));
            events.Insert(content, ContentEvent(events[content - 1], Answer[..split]));

            using var client = Clients.Create(new ScriptedHandler().ReplayEvents("chat_stream_rag", events));
            var updates = await ReadAsync(client.GetStreamingResponseAsync(Question, cancellationToken: Token));

            var found = updates
                .SelectMany(u => u.Contents.OfType<TextContent>().SelectMany(t => (t.Annotations ?? []).Cast<CitationAnnotation>().Select(a => (Text: t.Text, Citation: a))))
                .ToList();
            Assert.True(found.Count == 3, $"split at {split}: {found.Count} citations");
            Assert.Equal([0, 1, 0], found.Select(f => (int)f.Citation.AdditionalProperties!["chunk_index"]!));
            foreach (var (text, citation) in found)
            {
                var marked = Marked(text, citation);
                Assert.True(marked.Length > 0 && marked[^1] == ']', $"split at {split}: '{marked}' does not close a marker");
            }
        }
    }

    [Fact]
    public async Task Citation_urls_are_resolved_in_one_call_for_the_whole_answer()
    {
        var handler = new ScriptedHandler()
            .Replay("chat_nonstream_rag")
            .Json("""{"object":"file.urls","urls":["https://files.example/handbook.pdf?sig=1"]}""");
        using var client = Clients.Create(handler);
        var response = await client.GetResponseAsync(Question, cancellationToken: Token);

        await client.ResolveCitationUrlsAsync(response, Token);

        var citations = response.Messages[0].Contents.OfType<TextContent>().Single().Annotations!.Cast<CitationAnnotation>().ToList();
        Assert.Equal(["https://files.example/handbook.pdf?sig=1", null, "https://files.example/handbook.pdf?sig=1"], citations.Select(c => c.Url?.ToString()));
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("http://127.0.0.1:6969/api/v2/files/url/raw", handler.Requests[1].Uri.ToString());
        JsonAssert.Equal($$"""{"uris":["{{HandbookFile}}"]}""", handler.Requests[1].Json);
    }

    [Fact]
    public async Task An_answer_without_stored_sources_needs_no_call()
    {
        var handler = new ScriptedHandler().Replay("chat_nonstream_plain");
        using var client = Clients.Create(handler);
        var response = await client.GetResponseAsync(Question, cancellationToken: Token);

        await client.ResolveCitationUrlsAsync(response, Token);

        Assert.Single(handler.Requests);
    }

    private static string ContentEvent(string template, string text)
    {
        var json = JsonNode.Parse(template["data: ".Length..].Trim())!;
        var choice = json["choices"]![0]!;
        choice["delta"] = new JsonObject { ["content"] = text };
        choice["message"]!["content"] = text;
        return $"data: {json.ToJsonString()}\n\n";
    }

    private static string Marked(string text, CitationAnnotation citation)
    {
        var region = Assert.IsType<TextSpanAnnotatedRegion>(Assert.Single(citation.AnnotatedRegions!));
        return text[region.StartIndex!.Value..region.EndIndex!.Value];
    }

    private static List<string> Citations(ChatResponse response) =>
        [.. response.Messages.SelectMany(m => m.Contents).OfType<TextContent>()
            .SelectMany(t => (t.Annotations ?? []).Cast<CitationAnnotation>())
            .Select(c => $"{c.Title}|{c.FileId}|{c.Snippet}|{c.AdditionalProperties?["chunk_index"]}")];

    private static async Task<List<ChatResponseUpdate>> ReadAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
