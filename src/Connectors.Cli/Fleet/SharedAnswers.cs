using Connectors.Perceptron.Grounding;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

namespace Connectors.Cli.Fleet;

/// <summary>MEAI's distributed answer cache, keyed by what was asked and of which model at which endpoint.</summary>
internal static class SharedAnswers
{
    /// <summary>
    /// Wraps a client so an answer another process stored is reused, with its grounding (boxes, polygons, tracks) intact:
    /// the grounding types are serialized by <see cref="GroundingJson.DefaultOptions"/>.
    /// </summary>
    public static IChatClient Wrap(IChatClient inner, IDistributedCache cache)
    {
        // The model and endpoint are the client's defaults, which the options of a call do not carry.
        var metadata = inner.GetService<ChatClientMetadata>();
        return inner.AsBuilder()
            .UseDistributedCache(cache, caching =>
            {
                caching.JsonSerializerOptions = GroundingJson.DefaultOptions;
                caching.CacheKeyAdditionalValues = [metadata?.ProviderUri?.AbsoluteUri ?? "", metadata?.DefaultModelId ?? ""];
            })
            .Build();
    }
}
