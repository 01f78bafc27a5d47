using Microsoft.SemanticKernel;

namespace Connectors.SemanticKernel;

/// <summary>
/// Lets the model read why a vision call was refused. Semantic Kernel's function calling over an
/// <c>IChatClient</c> hides exception messages from the model ("Function failed"); the plugin's own argument
/// errors (and Semantic Kernel's own argument errors) are written for the model, with no secrets and a suggestion what to pass,
/// so they are returned as the result.
/// </summary>
internal sealed class VisionFunctionErrorFilter : IAutoFunctionInvocationFilter
{
    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or KernelException && context.Function.PluginName == VisionPlugin.PluginName)
        {
            // ArgumentException: the plugin's own checks; KernelException: Semantic Kernel's argument binding (a missing or mistyped argument).
            context.Result = new FunctionResult(context.Function, $"Error: {e.Message}");
        }
    }
}
