using Connectors.Emulator.Chat;
using Connectors.Emulator.Faults;
using Connectors.Emulator.Knowledge;
using Connectors.Emulator.Logging;
using Connectors.Emulator.Perceptron.Files;
using Connectors.Emulator.Rules;

namespace Connectors.Emulator.Hosting;

/// <summary>Everything the route handlers of one emulator share.</summary>
internal sealed class EmulatorState : IDisposable
{
    public EmulatorState(EmulatorOptions options)
    {
        Options = options;
        Rules = new EmulatorRules();
        foreach (var rule in options.Rules)
        {
            Rules.Add(rule);
        }

        if (options.RulesFile is not null)
        {
            Rules.LoadFile(options.RulesFile);
        }

        Knowledge = new KnowledgeStore();
        if (options.KnowledgeFolder is not null)
        {
            Knowledge.LoadFolder(options.KnowledgeFolder, options.DefaultKnowledgeTableId);
        }

        Files = new FileStore(options.DataFolder, options.MaxFileBytes, options.FileStorageQuotaBytes);
        Log = new RequestLog(options.RequestLogPath);
        ChatLimiter = new KeyRateLimiter(options.RateLimitPerMinute, options.RateLimitWindow);
        ModelsLimiter = new KeyRateLimiter(options.ModelsRateLimitPerMinute, options.RateLimitWindow);
        FileLimits = new FileRateLimits(options.RateLimitWindow);
        ImageClient = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Planner = new ReplyPlanner(Rules, Knowledge, ImageClient);
    }

    public EmulatorOptions Options { get; }

    public EmulatorRules Rules { get; }

    public KnowledgeStore Knowledge { get; }

    public RequestLog Log { get; }

    /// <summary>Uploaded files (the Perceptron Files API), on disk.</summary>
    public FileStore Files { get; }

    public KeyRateLimiter ChatLimiter { get; }

    public KeyRateLimiter ModelsLimiter { get; }

    /// <summary>The Files API's limits, one per route.</summary>
    public FileRateLimits FileLimits { get; }

    public ReplyPlanner Planner { get; }

    public HttpClient ImageClient { get; }

    public void Dispose()
    {
        ChatLimiter.Dispose();
        ModelsLimiter.Dispose();
        FileLimits.Dispose();
        ImageClient.Dispose();
        Files.Dispose();
    }
}
