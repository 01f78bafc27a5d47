using Connectors.Core.Wire;

namespace Connectors.Core.Responses;

/// <summary>
/// Checks a parsed reply or chunk for what JSON allows and the protocol does not: a null where a choice or a tool
/// call must be. The mappers can then read every choice and call as present; the engine reports the
/// <see cref="InvalidDataException"/> as a typed service or stream error naming the place.
/// </summary>
internal static class WireShape
{
    public static void Check(ChatCompletionResponse wire)
    {
        if (wire.Choices is not { } choices)
        {
            return;
        }

        for (var i = 0; i < choices.Length; i++)
        {
            var choice = choices[i] ?? throw new InvalidDataException($"choices[{i}] is null.");
            CheckToolCalls(choice.Delta, i, "delta");
            CheckToolCalls(choice.Message, i, "message");
        }
    }

    private static void CheckToolCalls(WireResponseMessage? message, int choice, string name)
    {
        if (message?.ToolCalls is not { } calls)
        {
            return;
        }

        for (var j = 0; j < calls.Count; j++)
        {
            if (calls[j] is null)
            {
                throw new InvalidDataException($"choices[{choice}].{name}.tool_calls[{j}] is null.");
            }
        }
    }
}
