namespace Connectors.Emulator.Knowledge;

/// <summary>Where the server keeps a row's source file: the "File ID" column, which references send as <c>document_id</c>.</summary>
internal static class KnowledgeFiles
{
    /// <summary>The row's file as a storage address (<c>s3://…</c>), or <c>""</c> for a row added without a file.</summary>
    public static string StoredAddress(string project, KnowledgeRow row) =>
        row.FileName.Length == 0 ? "" : $"s3://file/raw/emulator/{project}/{row.DocumentId}/{row.FileName}";
}
