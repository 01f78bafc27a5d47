using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.Emulator.Knowledge;

namespace Connectors.Emulator.Tests;

public sealed partial class KnowledgeTests : EmulatorTestBase, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "emulator-kt-" + Guid.NewGuid().ToString("N"));

    protected override EmulatorOptions CreateOptions()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "policies"));
        File.WriteAllText(Path.Combine(_folder, "garden.md"), """
            # Tomatoes

            Tomatoes need six hours of direct sun every day. Water them deeply twice a week.

            # Basil

            Basil grows well beside tomatoes and keeps aphids away. Pinch the flowers off to keep the leaves sweet.
            """);
        File.WriteAllText(Path.Combine(_folder, "soil.txt"), "Compost improves clay soil.\n\nSandy soil drains quickly and needs more water.\fPage two talks about worms. Worms aerate the soil.");
        File.WriteAllText(Path.Combine(_folder, "policies", "refunds.md"), "# Refunds\n\nRefunds are paid within 14 days of a return.");
        File.WriteAllText(Path.Combine(_folder, "ignored.csv"), "a,b");
        return new EmulatorOptions { KnowledgeFolder = _folder };
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Folder_loads_into_tables_chunked_by_paragraph()
    {
        Assert.Equal(["knowledge", "policies"], Server.Knowledge.Tables.Select(t => t.Id));
        var rows = Server.Knowledge.GetOrCreate("knowledge").Rows;
        Assert.Equal(5, rows.Count);
        var basil = rows.Single(r => r.Text.StartsWith("Basil", StringComparison.Ordinal));
        Assert.Equal("Basil", basil.Title);
        Assert.Equal("garden.md", basil.FileName);
        var worms = rows.Single(r => r.Text.Contains("worms", StringComparison.Ordinal));
        Assert.Equal(2, worms.Page);
        Assert.Equal("soil", worms.Title);
        Assert.Equal(rows.Count, rows.Select(r => r.ChunkId).Distinct().Count());
        Assert.Single(rows.Where(r => r.FileName == "garden.md").Select(r => r.DocumentId).Distinct());
    }

    [Fact]
    public void Bm25_ranks_the_chunk_sharing_rare_terms_first()
    {
        var table = Server.Knowledge.GetOrCreate("knowledge");
        Assert.StartsWith("Basil", table.Search("what keeps aphids away", 3)[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("Tomatoes need", table.Search("how much sun do tomatoes need", 3)[0].Text, StringComparison.Ordinal);
        Assert.Empty(table.Search("quantum chromodynamics", 3));
        Assert.Single(table.Search("soil", 1));
    }

    [Fact]
    public async Task Rag_answer_cites_the_chunk_it_came_from()
    {
        var body = JamAIBody("Which plant keeps aphids away?");
        body["rag_params"] = new JsonObject { ["table_id"] = "knowledge", ["k"] = 2, ["reranking_model"] = null };
        using var response = await PostAsync("/api/v1/chat/completions", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await JsonAsync(response);
        var references = json["references"]!;
        Assert.Equal("chat.references", (string?)references["object"]);
        Assert.Equal("Which plant keeps aphids away?", (string?)references["search_query"]);
        var chunks = references["chunks"]!.AsArray();
        Assert.InRange(chunks.Count, 1, 2);
        foreach (var field in new[] { "text", "title", "page", "file_name", "file_path", "document_id", "chunk_id", "context", "metadata" })
        {
            Assert.NotNull(chunks[0]![field]);
        }

        var content = (string)json["choices"]![0]!["message"]!["content"]!;
        var citations = Citation().Matches(content).SelectMany(m => m.Groups[1].Value.Split("; ")).Select(c => int.Parse(c.TrimStart('@'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(citations);
        Assert.All(citations, i => Assert.InRange(i, 0, chunks.Count - 1));
        // The sentence about aphids cites the chunk that holds it.
        var aphidSentence = content.Split(". ").First(s => s.Contains("aphids", StringComparison.Ordinal));
        var cited = int.Parse(Citation().Match(aphidSentence).Groups[1].Value.TrimStart('@'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("aphids", (string)chunks[cited]!["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_query_overrides_the_prompt_and_citations_can_be_off()
    {
        var body = JamAIBody("Tell me something.");
        body["rag_params"] = new JsonObject { ["table_id"] = "policies", ["search_query"] = "refund days", ["inline_citations"] = false };
        using var response = await PostAsync("/api/v1/chat/completions", body);
        var json = await JsonAsync(response);
        Assert.Equal("refund days", (string?)json["references"]!["search_query"]);
        Assert.Equal("Refunds are paid within 14 days of a return.", (string?)json["choices"]![0]!["message"]!["content"]);
    }

    [Fact]
    public async Task Same_sentence_in_two_chunks_cites_both()
    {
        var table = Server.Knowledge.GetOrCreate("dupes");
        table.AddRow(new KnowledgeRow("A", "The launch is on Friday."));
        table.AddRow(new KnowledgeRow("B", "The launch is on Friday."));
        var body = JamAIBody("When is the launch?");
        body["rag_params"] = new JsonObject { ["table_id"] = "dupes" };
        using var response = await PostAsync("/api/v1/chat/completions", body);
        var json = await JsonAsync(response);
        Assert.Equal(2, json["references"]!["chunks"]!.AsArray().Count);
        Assert.Equal("The launch is on Friday [@0; @1].", (string?)json["choices"]![0]!["message"]!["content"]);
    }

    [Fact]
    public async Task Rows_and_tables_can_be_added_over_http()
    {
        using var created = await PostAsync("/api/v2/gen_tables/knowledge", new JsonObject { ["id"] = "faq" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using var again = await PostAsync("/api/v2/gen_tables/knowledge", new JsonObject { ["id"] = "faq" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var rows = new JsonObject
        {
            ["table_id"] = "faq",
            ["data"] = new JsonArray(
                new JsonObject { ["Title"] = "Opening hours", ["Text"] = "The shop opens at nine and closes at five." },
                new JsonObject { ["Title"] = "Parking", ["Text"] = "Parking is free on Sundays.", ["Page"] = 3 }),
        };
        using var added = await PostAsync("/api/v2/gen_tables/knowledge/rows/add", rows);
        Assert.Equal(2, (await JsonAsync(added))["rows"]!.AsArray().Count);

        using var upload = new MultipartFormDataContent
        {
            { new ByteArrayContent("Returns are accepted for 30 days.\n\nKeep the receipt."u8.ToArray()), "file", "returns.md" },
            { new StringContent("faq"), "table_id" },
        };
        using var embedded = await Http.PostAsync("/api/v2/gen_tables/knowledge/embed_file", upload, Ct);
        Assert.True((bool)(await JsonAsync(embedded))["ok"]!);

        using var one = await Http.GetAsync("/api/v2/gen_tables/knowledge?table_id=faq", Ct);
        Assert.Equal(4, (int)(await JsonAsync(one))["num_rows"]!);

        using var search = await PostAsync("/api/v2/gen_tables/knowledge/hybrid_search", new JsonObject { ["table_id"] = "faq", ["query"] = "receipt returns", ["limit"] = 1 });
        var found = Assert.Single((await JsonAsync(search)).AsArray())!;
        Assert.Equal("Keep the receipt.", (string?)found["Text"]);
        Assert.StartsWith("s3://", (string?)found["File ID"], StringComparison.Ordinal);

        using var list = await Http.GetAsync("/api/v2/gen_tables/knowledge/list", Ct);
        Assert.Equal(4, (int)(await JsonAsync(list))["items"]!.AsArray().Single(t => (string?)t!["id"] == "faq")!["num_rows"]!);

        var body = JamAIBody("Is parking free on Sundays?");
        body["rag_params"] = new JsonObject { ["table_id"] = "faq", ["k"] = 1 };
        using var answer = await PostAsync("/api/v1/chat/completions", body);
        var json = await JsonAsync(answer);
        Assert.Equal("Parking is free on Sundays [@0].", (string?)json["choices"]![0]!["message"]!["content"]);
        Assert.Equal(3, (int)json["references"]!["chunks"]![0]!["page"]!);

        using var missing = await PostAsync("/api/v2/gen_tables/knowledge/rows/add", new JsonObject { ["table_id"] = "nope", ["data"] = new JsonArray() });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/v2/gen_tables/knowledge?table_id=faq");
        using var deleted = await Http.SendAsync(delete, Ct);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.False(Server.Knowledge.TryGet("faq", out _));
    }

    [Fact]
    public async Task No_matching_chunk_says_so_with_empty_references()
    {
        var body = JamAIBody("quantum chromodynamics");
        body["rag_params"] = new JsonObject { ["table_id"] = "knowledge" };
        using var response = await PostAsync("/api/v1/chat/completions", body);
        var json = await JsonAsync(response);
        Assert.Empty(json["references"]!["chunks"]!.AsArray());
        Assert.DoesNotContain("[@", (string?)json["choices"]![0]!["message"]!["content"], StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\[(@\d+(?:; @\d+)*)\]")]
    private static partial Regex Citation();
}
