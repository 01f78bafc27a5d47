using Connectors.Core;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Grounding;

/// <summary>Parses the answer as it streams and adds each point, box or polygon to the update where its tag closed.</summary>
internal sealed class GroundingStreamInterpreter : StreamInterpreter
{
    // The updates carry the text already: the parser keeps only what it needs to find the annotations.
    private readonly StreamingGroundingParser _parser = new(collectText: false);
    private readonly ResponseGrounding _grounding;
    private int _emitted;

    public GroundingStreamInterpreter(ResponseGrounding grounding) => _grounding = grounding;

    public override void OnChunk(ChatCompletionResponse chunk, ChatResponseUpdate update)
    {
        if (update.MessageId != update.ResponseId)
        {
            return; // further choices are not grounded
        }

        var count = update.Contents.Count;
        for (var i = 0; i < count; i++)
        {
            if (update.Contents[i] is TextContent { Text: { Length: > 0 } text })
            {
                var leaves = _parser.Append(text);
                _emitted += leaves.Count;
                _grounding.AddTo(update.Contents, leaves);
            }
        }
    }

    public override void OnCompleted(ChatResponseUpdate finalUpdate)
    {
        // The whole-text parse is authoritative: anything it found that was not emitted yet goes out now.
        var leaves = _parser.Complete().Leaves;
        if (leaves.Count > _emitted)
        {
            _grounding.AddTo(finalUpdate.Contents, [.. leaves.Skip(_emitted)]);
        }
    }
}
