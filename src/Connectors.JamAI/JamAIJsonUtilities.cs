using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace Connectors.JamAI;

/// <summary>JSON settings that let chat histories holding JamAI content round-trip.</summary>
public static class JamAIJsonUtilities
{
    /// <summary>The type discriminator written for <see cref="JamAIReferencesContent"/>.</summary>
    public const string ReferencesContentDiscriminator = "jamaiReferences";

    /// <summary>
    /// <see cref="AIJsonUtilities.DefaultOptions"/> plus the JamAI types, with <see cref="JamAIReferencesContent"/>
    /// registered as an <see cref="AIContent"/>: serialize <see cref="ChatMessage"/>s and <see cref="ChatResponse"/>s with it.
    /// </summary>
    public static JsonSerializerOptions DefaultOptions { get; } = CreateDefaultOptions();

    /// <summary>Adds the JamAI types and registers <see cref="JamAIReferencesContent"/> as an <see cref="AIContent"/> on options that are not yet in use.</summary>
    /// <param name="options">The options to extend.</param>
    /// <returns>The same options.</returns>
    public static JsonSerializerOptions AddJamAIContentTypes(this JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(options.TypeInfoResolver ?? AIJsonUtilities.DefaultOptions.TypeInfoResolver, JamAIJsonContext.Default);
        options.AddAIContentType<JamAIReferencesContent>(ReferencesContentDiscriminator);
        return options;
    }

    private static JsonSerializerOptions CreateDefaultOptions()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions).AddJamAIContentTypes();
        options.MakeReadOnly();
        return options;
    }
}
