using Microsoft.Extensions.AI;

namespace Connectors.Perceptron;

/// <summary>
/// Perceptron's FOCUS tool: the model may zoom into parts of the image before it answers. Sent as
/// <c>{"type":"perceptron.FOCUS"}</c>; the API takes it only as the one entry of <see cref="ChatOptions.Tools"/>.
/// </summary>
public sealed class PerceptronFocusTool : AITool
{
    /// <summary>Creates the tool.</summary>
    public PerceptronFocusTool()
    {
    }

    /// <inheritdoc />
    public override string Name => "perceptron.FOCUS";

    /// <inheritdoc />
    public override string Description => "Lets the model zoom into regions of the image before it answers.";
}
