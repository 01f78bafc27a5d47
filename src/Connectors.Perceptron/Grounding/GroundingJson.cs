using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron.Grounding;

/// <summary>Registers the grounding types with System.Text.Json and MEAI's <see cref="AIContent"/> polymorphism.</summary>
public static class GroundingJson
{
    /// <summary>The type discriminator of <see cref="GroundingContent"/> among <see cref="AIContent"/> types.</summary>
    public const string ContentTypeDiscriminator = "perceptron.grounding";

    private static readonly Lazy<JsonSerializerOptions> LazyOptions = new(() =>
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions);
        AddGroundingTypes(options);
        options.MakeReadOnly();
        return options;
    });

    /// <summary>Gets read-only options: <see cref="AIJsonUtilities.DefaultOptions"/> plus the grounding types.</summary>
    public static JsonSerializerOptions DefaultOptions => LazyOptions.Value;

    /// <summary>
    /// Adds the grounding types to mutable options, so that chat histories holding <see cref="GroundingContent"/>
    /// serialize and deserialize (for example options copied from <see cref="AIJsonUtilities.DefaultOptions"/>).
    /// </summary>
    /// <param name="options">The options to change; they must not be read-only yet.</param>
    /// <returns>The same options.</returns>
    public static JsonSerializerOptions AddGroundingTypes(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TypeInfoResolverChain.Insert(0, GroundingJsonContext.Default);
        options.AddAIContentType<GroundingContent>(ContentTypeDiscriminator);
        return options;
    }
}
