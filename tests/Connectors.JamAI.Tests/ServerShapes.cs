using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Connectors.JamAI.Tests;

/// <summary>
/// Replies of the current JamAI Base server, byte for byte (TestData/server-shapes.jsonl, serialized from the
/// server's own response models): a body as written, or a stream's events as written, one event per read.
/// </summary>
internal static class ServerShapes
{
    private static readonly Lazy<Dictionary<string, JsonObject>> Cases = new(() => File
        .ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "server-shapes.jsonl"))
        .Where(static line => line.Length > 0)
        .Select(static line => JsonNode.Parse(line)!.AsObject())
        .ToDictionary(static c => (string)c["case"]!));

    public static JsonObject Case(string name) => Cases.Value[name];

    /// <summary>The raw body of a non-streamed case.</summary>
    public static string Raw(string name) => (string)Case(name)["raw"]!;

    /// <summary>The events of a streamed case, each with its own <c>data: </c> line and blank line.</summary>
    public static IReadOnlyList<string> Events(string name) => [.. Case(name)["events"]!.AsArray().Select(static e => (string)e!)];

    /// <summary>Adds the case's reply (status, headers, body or events) to the script.</summary>
    public static ScriptedHandler Replay(this ScriptedHandler handler, string name) => handler.Reply(_ => Response(name, Events: null));

    /// <summary>Adds a stream made of the given events (e.g. a case's events, re-split) to the script.</summary>
    public static ScriptedHandler ReplayEvents(this ScriptedHandler handler, string name, IReadOnlyList<string> events) =>
        handler.Reply(_ => Response(name, events));

    private static HttpResponseMessage Response(string name, IReadOnlyList<string>? Events)
    {
        var c = Case(name);
        var status = (HttpStatusCode)(int)c["status"]!;
        HttpContent content = c["raw"] is { } raw
            ? new ByteArrayContent(Encoding.UTF8.GetBytes((string)raw!))
            : new StreamContent(new EventStream(Events ?? ServerShapes.Events(name)));
        var response = new HttpResponseMessage(status) { Content = content };
        foreach (var (header, value) in c["headers"]!.AsObject())
        {
            if (!response.Headers.TryAddWithoutValidation(header, (string)value!))
            {
                content.Headers.TryAddWithoutValidation(header, (string)value!);
            }
        }

        return response;
    }

    /// <summary>A body that hands out one event per read, as a server flushing each event does.</summary>
    private sealed class EventStream(IReadOnlyList<string> events) : Stream
    {
        private int _event;
        private byte[] _current = [];
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_offset == _current.Length)
            {
                if (_event == events.Count)
                {
                    return 0;
                }

                _current = Encoding.UTF8.GetBytes(events[_event++]);
                _offset = 0;
            }

            var n = Math.Min(buffer.Length, _current.Length - _offset);
            _current.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
