using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Connectors.Perceptron.Grounding;

namespace Connectors.Benchmarks;

/// <summary>
/// 1 MB of model text with 5,000 grounding tags (points, boxes, polygons, collections). Targets: the parser
/// at least 5x the regex floor's throughput, allocating only for its results; the streaming parser fed
/// 16-character chunks within 1.5x of the whole-text parse. The rows with the text read and with 256-character
/// chunks show what the streaming parser's cost is made of: the text it must copy, and a cost per chunk.
/// </summary>
[MemoryDiagnoser]
public partial class GroundingBenchmarks
{
    private string _text = null!;

    [GlobalSetup]
    public void Setup()
    {
        var sb = new StringBuilder(1024 * 1024 + 4096);
        var i = 0;
        var filler = "The inspection found the following items on the loading bay floor and shelving. ";
        while (i < 5000)
        {
            sb.Append(filler.AsSpan(0, 40 + (i % 40))).Append(' ');
            switch (i % 4)
            {
                case 0: sb.Append(CultureInfo.InvariantCulture, $"<point mention=\"pallet {i}\"> ({i % 1000},{(i * 7) % 1000}) </point>"); break;
                case 1: sb.Append(CultureInfo.InvariantCulture, $"<point_box mention=\"box {i}\"> ({i % 900},{i % 800}) ({i % 900 + 50},{i % 800 + 60}) </point_box>"); break;
                case 2: sb.Append(CultureInfo.InvariantCulture, $"<polygon mention=\"zone {i}\"> (10,20) (60,20) ({i % 1000},{i % 700}) (10,80) </polygon>"); break;
                default: sb.Append(CultureInfo.InvariantCulture, $"<collection mention=\"rack {i}\"> <point> (120,90) </point> </collection>"); i++; break;
            }

            i++;
        }

        while (sb.Length < 1024 * 1024)
        {
            sb.Append(filler);
        }

        _text = sb.ToString();
    }

    [Benchmark(Baseline = true, Description = "Floor (regex)")]
    public int Regex()
    {
        var count = 0;
        foreach (Match tag in TagRegex().Matches(_text))
        {
            foreach (Match pair in PairRegex().Matches(tag.Groups["body"].Value))
            {
                count += int.Parse(pair.Groups[1].ValueSpan, CultureInfo.InvariantCulture) + int.Parse(pair.Groups[2].ValueSpan, CultureInfo.InvariantCulture) > 0 ? 1 : 0;
            }

            count++;
        }

        return count;
    }

    [Benchmark(Description = "GroundingParser.Parse")]
    public int Parse() => GroundingParser.Parse(_text).Leaves.Count;

    [Benchmark(Description = "GroundingParser.Parse, Text read")]
    public int ParseWithText()
    {
        var result = GroundingParser.Parse(_text);
        return result.Leaves.Count + result.Text.Length;
    }

    [Benchmark(Description = "StreamingGroundingParser (16-char chunks)")]
    public int Streaming() => Stream(16);

    [Benchmark(Description = "StreamingGroundingParser (256-char chunks)")]
    public int Streaming256() => Stream(256);

    private int Stream(int chunkLength)
    {
        var parser = new StreamingGroundingParser();
        var text = _text.AsSpan();
        var leaves = 0;
        for (var offset = 0; offset < text.Length; offset += chunkLength)
        {
            leaves += parser.Append(text.Slice(offset, Math.Min(chunkLength, text.Length - offset))).Count;
        }

        return leaves + parser.Complete().Leaves.Count;
    }

    [GeneratedRegex("""<(?<tag>point_box|point|polygon|collection)(?<attrs>[^>]*)>(?<body>.*?)</\k<tag>>""", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex TagRegex();

    [GeneratedRegex("""\(\s*(\d+)\s*,\s*(\d+)\s*\)""", RegexOptions.CultureInvariant)]
    private static partial Regex PairRegex();
}
