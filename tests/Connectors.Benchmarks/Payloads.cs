using System.Text;

namespace Connectors.Benchmarks;

/// <summary>The server replies every scenario replays, built once as UTF-8 bytes.</summary>
internal static class Payloads
{
    public const string Model = "isaac-0.2-2b-preview";
    private const string Prefix = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"" + Model + "\",";

    /// <summary>A text stream: <paramref name="chunks"/> content deltas, a finish chunk, a usage chunk and [DONE].</summary>
    public static byte[] TextStream(int chunks)
    {
        var sb = new StringBuilder(chunks * 180);
        sb.Append("data: ").Append(Prefix).Append("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        for (var i = 0; i < chunks; i++)
        {
            sb.Append("data: ").Append(Prefix).Append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\"")
              .Append(Token(i)).Append("\"},\"finish_reason\":null}]}\n\n");
        }

        sb.Append("data: ").Append(Prefix).Append("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        sb.Append("data: ").Append(Prefix).Append("\"choices\":[],\"usage\":{\"prompt_tokens\":812,\"completion_tokens\":")
          .Append(chunks).Append(",\"total_tokens\":").Append(812 + chunks).Append("}}\n\n");
        sb.Append("data: [DONE]\n\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Streamed tool calls: each call opens with id and name, then its arguments arrive in small fragments.</summary>
    public static byte[] ToolCallStream(int calls, int fragmentsPerCall)
    {
        var sb = new StringBuilder();
        sb.Append("data: ").Append(Prefix).Append("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null},\"finish_reason\":null}]}\n\n");
        for (var c = 0; c < calls; c++)
        {
            sb.Append("data: ").Append(Prefix).Append("\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":").Append(c)
              .Append(",\"id\":\"call_").Append(c).Append("abcdef\",\"type\":\"function\",\"function\":{\"name\":\"detect_objects\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}\n\n");
            var arguments = $"{{\"label\":\"forklift number {c}\",\"region\":[{c * 10},{c * 20},{c * 10 + 300},{c * 20 + 200}],\"threshold\":0.{c + 1},\"notes\":\"{new string('x', 40)}\"}}";
            var size = Math.Max(1, (arguments.Length + fragmentsPerCall - 1) / fragmentsPerCall);
            for (var start = 0; start < arguments.Length; start += size)
            {
                var fragment = arguments.Substring(start, Math.Min(size, arguments.Length - start));
                sb.Append("data: ").Append(Prefix).Append("\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":").Append(c)
                  .Append(",\"function\":{\"arguments\":\"").Append(fragment.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"}}]},\"finish_reason\":null}]}\n\n");
            }
        }

        sb.Append("data: ").Append(Prefix).Append("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n");
        sb.Append("data: ").Append(Prefix).Append("\"choices\":[],\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":400,\"total_tokens\":700}}\n\n");
        sb.Append("data: [DONE]\n\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>A non-streamed reply whose body is about <paramref name="bytes"/> long (text with escapes and non-ASCII).</summary>
    public static byte[] Completion(int bytes)
    {
        var text = new StringBuilder(bytes);
        var i = 0;
        while (text.Length < bytes - 400)
        {
            text.Append(Token(i++));
            if (i % 40 == 0)
            {
                text.Append("\\n\\\"quoted\\\" caf\u00e9 ");
            }
        }

        return Encoding.UTF8.GetBytes(
            "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"" + Model + "\"," +
            "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}]," +
            "\"usage\":{\"prompt_tokens\":812,\"completion_tokens\":" + i + ",\"total_tokens\":" + (812 + i) + "}}");
    }

    /// <summary>The smallest well-formed reply.</summary>
    public static readonly byte[] Minimal = Encoding.UTF8.GetBytes(
        "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"" + Model + "\"," +
        "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]," +
        "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}");

    /// <summary>A short request body the floors send (they do not measure request building).</summary>
    public static readonly byte[] FloorRequest = Encoding.UTF8.GetBytes(
        "{\"model\":\"" + Model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Describe the image.\"}],\"stream\":true}");

    /// <summary>Bytes that look like a JPEG to anyone who only reads the header, and do not compress.</summary>
    public static byte[] JpegLike(int length)
    {
        var data = new byte[length];
        new Random(42).NextBytes(data);
        ReadOnlySpan<byte> header = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];
        header.CopyTo(data);
        data[^2] = 0xFF;
        data[^1] = 0xD9;
        return data;
    }

    private static string Token(int i) => (i % 7) switch
    {
        0 => "The ",
        1 => "forklift ",
        2 => "is ",
        3 => "parked ",
        4 => "near ",
        5 => "bay ",
        _ => $"{i % 97} ",
    };
}
