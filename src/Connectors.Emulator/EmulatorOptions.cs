using Connectors.Emulator.JamAI;
using Connectors.Emulator.Perceptron;
using Connectors.Emulator.Rules;

namespace Connectors.Emulator;

/// <summary>Settings of one emulator instance.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Interface to bind; loopback by default.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free ephemeral port.</summary>
    public int Port { get; set; }

    /// <summary>Accepted bearer tokens. Empty (the default, as the emulator serves loopback): any key or none is accepted.</summary>
    public ISet<string> ApiKeys { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Chat requests allowed per API key per minute (sliding window), both dialects.</summary>
    public int RateLimitPerMinute { get; set; } = 300;

    /// <summary>Perceptron model-list requests allowed per API key per minute.</summary>
    public int ModelsRateLimitPerMinute { get; set; } = 30;

    /// <summary>
    /// The window both limits count over: a minute, as the services count. A test of what happens at the limit can
    /// shorten it (60 per 5 seconds) rather than wait minutes.
    /// </summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Models served under <c>/v1/models</c>.</summary>
    internal IList<PerceptronModel> PerceptronModels { get; } = PerceptronModel.Defaults();

    /// <summary>Models served under <c>/api/v1/models</c>.</summary>
    internal IList<JamAIModel> JamAIModels { get; } = JamAIModel.Defaults();

    /// <summary>When true, a JamAI request without <c>X-PROJECT-ID</c> is refused (as with a PAT that is not project scoped).</summary>
    public bool RequireProjectId { get; set; }

    /// <summary>A folder of .txt/.md documents loaded as Knowledge Tables (sub-folders become tables of their own name).</summary>
    public string? KnowledgeFolder { get; set; }

    /// <summary>Table id for documents directly inside <see cref="KnowledgeFolder"/>.</summary>
    public string DefaultKnowledgeTableId { get; set; } = "knowledge";

    /// <summary>A JSON rules file loaded at start (see <see cref="EmulatorRules"/>).</summary>
    public string? RulesFile { get; set; }

    /// <summary>Rules added at start, before those of <see cref="RulesFile"/>.</summary>
    public IList<EmulatorRule> Rules { get; } = [];

    /// <summary>When set, each request is appended to this file as one JSON line.</summary>
    public string? RequestLogPath { get; set; }

    /// <summary>Delay applied by the <c>slow_first_byte</c> fault when the request names none.</summary>
    public TimeSpan DefaultSlowFirstByteDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Delay between chunks applied by the <c>slow_drip</c> fault when the request names none.</summary>
    public TimeSpan DefaultSlowDripDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A folder for what the emulator stores (uploaded files, under <c>files/</c>), kept across runs. When null (the
    /// default) a new temporary folder is used and deleted when the emulator stops.
    /// </summary>
    public string? DataFolder { get; set; }

    /// <summary>The largest file an upload may hold (the API's 128 MiB); larger uploads get 413.</summary>
    public long MaxFileBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>How many bytes of files may be stored in all (the API's 100 GiB per organization); an upload past it gets 413 <c>insufficient_quota</c>.</summary>
    public long FileStorageQuotaBytes { get; set; } = 100L * 1024 * 1024 * 1024;

    /// <summary>Writes ASP.NET Core's own logs to the console (quiet by default).</summary>
    public bool VerboseLogging { get; set; }
}
