using Connectors.Core.Profiles;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Grounding;

/// <summary>
/// Perceptron's reply interpreter: parses the answer as it arrives and adds each point, box or polygon to the
/// piece where its tag closed (a whole reply is one piece). Only the first choice is grounded.
/// </summary>
internal sealed class GroundingInterpreter : ReplyInterpreter
{
    // The replies carry the text already: the parser keeps only what it needs to find the annotations.
    private readonly StreamingGroundingParser _parser = new(collectText: false);
    private readonly ResponseGrounding _grounding;
    private int _emitted;

    public GroundingInterpreter(ResponseGrounding grounding) => _grounding = grounding;

    public override void Interpret(in ReplyPiece piece)
    {
        if (piece.Choice != 0)
        {
            return;
        }

        var contents = piece.Contents;
        List<GroundingAnnotation>? last = piece.IsLast ? [] : null;
        var count = contents.Count;
        for (var i = 0; i < count; i++)
        {
            if (contents[i] is TextContent { Text: { Length: > 0 } text })
            {
                var leaves = _parser.Append(text);
                _emitted += leaves.Count;
                if (last is null)
                {
                    _grounding.AddTo(contents, leaves);
                }
                else
                {
                    last.AddRange(leaves);
                }
            }
        }

        if (last is not null)
        {
            // The whole-text result is authoritative: what it found that was not emitted yet goes out now, with
            // this piece's own leaves, so a whole reply gets one grounding content per image.
            var all = _parser.Complete().Leaves;
            for (var i = _emitted; i < all.Count; i++)
            {
                last.Add(all[i]);
            }

            _grounding.AddTo(contents, last);
        }
    }
}
