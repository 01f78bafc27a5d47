using Microsoft.Extensions.AI;

namespace Connectors.Core.Profiles;

/// <summary>
/// Everything one OpenAI-style service does differently, as data: where and how to send, what each option
/// becomes on the wire, how messages are shaped, and who interprets the reply. The engine owns HTTP, JSON and
/// SSE and reads nothing else; one file per service builds its profile.
/// </summary>
internal sealed class ChatServiceProfile
{
    /// <summary>The provider name used in metadata, telemetry and error messages.</summary>
    public required string ProviderName { get; init; }

    /// <summary>The model used when <see cref="ChatOptions.ModelId"/> is not set; null lets the service choose.</summary>
    public string? DefaultModelId { get; init; }

    /// <summary>Model ids the service renamed, and their current names: sent under the new name, with a warning once.</summary>
    public IReadOnlyDictionary<string, string> RenamedModels { get; init; } = new Dictionary<string, string>();

    /// <summary>Endpoint, paths, credentials, headers, limits, deadlines and resilience.</summary>
    public required ServiceTransport Transport { get; init; }

    /// <summary>What every typed <see cref="ChatOptions"/> field and every vendor field becomes on the wire.</summary>
    public required OptionTable Options { get; init; }

    /// <summary>How messages and their contents are converted.</summary>
    public MessageRules Messages { get; init; } = MessageRules.Default;

    /// <summary>
    /// The capabilities a service lists per model, each with what in the options uses it: once the client has read a
    /// model's capabilities (its model list), a call that uses one the model lacks is warned about once, not refused
    /// (the list may be behind the service).
    /// </summary>
    public IReadOnlyList<(string Capability, Func<ChatOptions, bool> IsUsed)> Capabilities { get; init; } = [];

    /// <summary>Creates the reply interpreter of one call (grounding, citations); null when replies need none.</summary>
    public Func<ChatCall, ReplyInterpreter>? Interpreter { get; init; }
}
