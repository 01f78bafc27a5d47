using System.Text.Json.Nodes;

namespace Connectors.Notebooks.Tests.Runner;

/// <summary>One output of a code cell, in the Jupyter shapes (<c>stream</c>, <c>display_data</c>).</summary>
public abstract record CellOutput
{
    /// <summary>The output as nbformat 4 JSON.</summary>
    public abstract JsonObject ToJson();

    /// <summary>Splits text into Jupyter's list of lines, each keeping its newline.</summary>
    protected static JsonArray Lines(string text)
    {
        var array = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var stop = end < 0 ? text.Length : end + 1;
            array.Add(text[start..stop]);
            start = stop;
        }

        return array;
    }
}

/// <summary>Text written to the console (<c>stdout</c>).</summary>
/// <param name="Text">The text, newlines included.</param>
public sealed record StreamOutput(string Text) : CellOutput
{
    /// <inheritdoc/>
    public override JsonObject ToJson() => new() { ["name"] = "stdout", ["output_type"] = "stream", ["text"] = Lines(Text) };
}

/// <summary>A displayed text value (<c>text/plain</c> or <c>text/html</c>).</summary>
/// <param name="MimeType">The MIME type.</param>
/// <param name="Text">The formatted value.</param>
public sealed record TextDisplayOutput(string MimeType, string Text) : CellOutput
{
    /// <inheritdoc/>
    public override JsonObject ToJson() => new()
    {
        ["data"] = new JsonObject { [MimeType] = Lines(Text) },
        ["metadata"] = new JsonObject(),
        ["output_type"] = "display_data",
    };
}

/// <summary>A displayed PNG image.</summary>
/// <param name="Png">The encoded image.</param>
public sealed record ImageDisplayOutput(byte[] Png) : CellOutput
{
    /// <summary>Width and height read from the PNG header.</summary>
    public (int Width, int Height) Size => (ReadInt32(16), ReadInt32(20));

    /// <inheritdoc/>
    public override JsonObject ToJson() => new()
    {
        ["data"] = new JsonObject { ["image/png"] = Convert.ToBase64String(Png) },
        ["metadata"] = new JsonObject(),
        ["output_type"] = "display_data",
    };

    /// <summary>Whether the bytes start with the PNG signature.</summary>
    public static bool IsPng(ReadOnlySpan<byte> bytes) =>
        bytes.Length > 24 && bytes[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

    private int ReadInt32(int offset) => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(Png.AsSpan(offset, 4));
}
