namespace Connectors.Cli.Demo;

/// <summary>The document the demo's Knowledge Table holds on the emulator: facts about this library, so the cited answer is about something real.</summary>
internal static class DemoKnowledge
{
    public const string TableId = "connectors-guide";

    /// <summary>
    /// Builds the table on the emulator through the Knowledge Table client, as an app builds one on JamAI Base,
    /// unless it is there already; so <c>chat --rag connectors-guide --emulator</c> works out of the box.
    /// </summary>
    public static async Task EnsureAsync(Connectors.JamAI.JamAIKnowledgeClient knowledge, CancellationToken cancellationToken)
    {
        var tables = await knowledge.ListTablesAsync(cancellationToken).ConfigureAwait(false);
        if (!tables.Any(t => t.Id == TableId))
        {
            await knowledge.CreateTableAsync(TableId, cancellationToken: cancellationToken).ConfigureAwait(false);
            await knowledge.EmbedFileAsync(TableId, FileName, System.Text.Encoding.UTF8.GetBytes(Document), cancellationToken).ConfigureAwait(false);
        }
    }

    public const string FileName = "connectors-guide.md";

    public const string Question = "How are grounding coordinates converted to pixels?";

    public const string Document = """
        # Grounded output

        Perceptron models answer with tags such as point, point_box and polygon around their coordinates. Coordinates are integers on a 0 to 1000 grid for each axis, with the origin at the top left, whatever the size of the image.

        To convert grounding coordinates to pixels, multiply by the image dimension and divide by 1000, rounding half to even and clamping to the last pixel. GroundingContent.ToPixels does this with the image size the client read from the image header.

        # Hints

        Hints travel as a hint tag in a system message: BOX, POINT and POLYGON choose the shape of the answer, THINK asks for visible reasoning and FOCUS lets the model zoom in. Counting works best with POINT and THINK together.

        # JamAI Base

        The JamAI Base gateway has no tool role, so the client folds earlier tool calls and tool results into tagged text before sending the history. Retrieval from a Knowledge Table is asked for with rag_params, and the answer cites the retrieved chunks inline as [@0] markers, which the client turns into citation annotations.

        # The emulator

        The emulator serves both dialects on 127.0.0.1 for offline work and tests. It analyses plain scenes of coloured shapes, answers from Knowledge Tables with BM25 retrieval, and follows scripted rules for tool calls and faults.
        """;
}
