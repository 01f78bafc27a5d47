using Connectors.Core.Requests;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Connectors.Core.Profiles;

/// <summary>
/// A service's rows, applied in one pass. How the three ways of setting a field combine, in one place:
/// rows run in table order and write their fields, a later row replacing an earlier one's field (services list
/// vendor rows after the typed ones, so <c>WithReasoningEffort("minimal")</c> beats <see cref="ReasoningOptions.Effort"/>);
/// then every other <see cref="ChatOptions.AdditionalProperties"/> entry is sent as a top-level field unless a row
/// reads that key or already wrote that field; last, a <see cref="System.Text.Json.Nodes.JsonObject"/> from
/// <see cref="ChatOptions.RawRepresentationFactory"/> is written over the result, field by field, as given.
/// <see cref="ChatOptions.ModelId"/> and <see cref="ChatOptions.Instructions"/> are the engine's own (the model and a
/// leading system message).
/// </summary>
internal sealed class OptionTable
{
    private static readonly string[] EngineFields = ["model", "messages", "stream", "stream_options"];
    private readonly OptionRow[] _rows;
    private readonly HashSet<string> _keys;

    public OptionTable(params OptionRow[] rows)
    {
        _rows = rows;
        _keys = new(rows.Where(static r => r.Key is not null).Select(static r => r.Key!), StringComparer.Ordinal);
    }

    public IReadOnlyList<OptionRow> Rows => _rows;

    /// <summary>Writes every option the caller set into <paramref name="request"/>, or throws for one the service refuses.</summary>
    public void Apply(ChatOptions options, ChatCompletionRequest request, string provider, ILogger logger)
    {
        var input = new OptionInput(options, request, provider);
        foreach (var row in _rows)
        {
            if (row.Read(options) is not { } value)
            {
                continue;
            }

            switch (row.Action)
            {
                case OptionAction.Refuse:
                    throw new NotSupportedException(row.Message);
                case OptionAction.Drop:
                    logger.LogDebug("{Provider} does not send {Option}: {Reason}", provider, row.Name, row.Message);
                    continue;
            }

            var wire = row.Convert is null ? value : row.Convert(value, input);
            if (wire is not null && row.Wire is not null)
            {
                request.SetField(row.Wire, wire);
            }
        }

        if (options.AdditionalProperties is not { Count: > 0 } extras)
        {
            return;
        }

        foreach (var (key, value) in extras)
        {
            if (value is null || _keys.Contains(key) || request.HasField(key) || Array.IndexOf(EngineFields, key) >= 0 && IsEngineFieldSet(request, key))
            {
                continue;
            }

            request.SetField(key, JsonValueWriter.ToElement(value, key));
        }
    }

    private static bool IsEngineFieldSet(ChatCompletionRequest request, string key) => key switch
    {
        "model" => request.Model is not null,
        "stream" => request.Stream is not null,
        "stream_options" => request.StreamOptions is not null,
        _ => true,
    };
}
