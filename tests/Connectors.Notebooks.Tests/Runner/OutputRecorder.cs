using System.Text;

namespace Connectors.Notebooks.Tests.Runner;

/// <summary>Collects a cell's outputs in the order they happen: console text merged into stream outputs, displays between.</summary>
internal sealed class OutputRecorder
{
    private readonly Lock _gate = new();
    private readonly List<CellOutput> _outputs = [];
    private readonly StringBuilder _pendingText = new();

    public void Write(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        lock (_gate)
        {
            _pendingText.Append(text.Replace("\r\n", "\n", StringComparison.Ordinal));
        }
    }

    public void Add(CellOutput output)
    {
        lock (_gate)
        {
            FlushText();
            _outputs.Add(output);
        }
    }

    /// <summary>The outputs so far; the recorder starts empty again.</summary>
    public IReadOnlyList<CellOutput> Take()
    {
        lock (_gate)
        {
            FlushText();
            var result = _outputs.ToList();
            _outputs.Clear();
            return result;
        }
    }

    private void FlushText()
    {
        if (_pendingText.Length > 0)
        {
            _outputs.Add(new StreamOutput(_pendingText.ToString()));
            _pendingText.Clear();
        }
    }
}

/// <summary>A console writer that sends what cells print to the recorder.</summary>
internal sealed class RecordingWriter(OutputRecorder recorder) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => recorder.Write(value.ToString());

    public override void Write(string? value) => recorder.Write(value);

    public override void Write(char[] buffer, int index, int count) => recorder.Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => recorder.Write(value + "\n");

    public override void WriteLine() => recorder.Write("\n");
}
