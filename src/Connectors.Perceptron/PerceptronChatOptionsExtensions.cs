using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Connectors.Perceptron;

/// <summary>
/// Perceptron's request features on ordinary <see cref="ChatOptions"/>. Values are stored in
/// <see cref="ChatOptions.AdditionalProperties"/> under the keys below, so the same settings also arrive
/// from Semantic Kernel prompt execution settings (extension data) or configuration.
/// </summary>
public static class PerceptronChatOptionsExtensions
{
    /// <summary>The key holding hints: a <see cref="PerceptronHints"/>, or words such as <c>"BOX THINK"</c> or <c>["BOX","THINK"]</c>.</summary>
    public const string HintsKey = "hints";

    /// <summary>The key (and wire field) of the constrained-generation regular expression.</summary>
    public const string RegexKey = "regex";

    /// <summary>The key (and wire field) of the mk1-family <c>vision_config</c> object.</summary>
    public const string VisionConfigKey = "vision_config";

    /// <summary>The key (and wire field) of the reasoning effort: <c>none</c>, <c>minimal</c>, <c>low</c>, <c>medium</c> or <c>high</c>.</summary>
    public const string ReasoningEffortKey = "reasoning_effort";

    internal const string EnableAudioInVideo = "enable_audio_in_video";

    private static readonly string[] Efforts = ["none", "minimal", "low", "medium", "high"];

    /// <summary>Adds hints (combined with any already set).</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="hints">The hints, for example <c>PerceptronHints.Point | PerceptronHints.Think</c>.</param>
    /// <returns>The same options, for chaining.</returns>
    public static ChatOptions WithHints(this ChatOptions options, PerceptronHints hints)
    {
        ArgumentNullException.ThrowIfNull(options);
        (options.AdditionalProperties ??= [])[HintsKey] = options.GetHints() | hints;
        return options;
    }

    /// <summary>The hints set on the options, read from any of the accepted forms.</summary>
    /// <param name="options">The options, or null.</param>
    /// <returns>The combined hints; <see cref="PerceptronHints.None"/> when none are set.</returns>
    /// <exception cref="ArgumentException">A hint word is unknown.</exception>
    public static PerceptronHints GetHints(this ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(HintsKey, out var value) == true ? HintWords.Parse(value) : PerceptronHints.None;

    /// <summary>Constrains the answer to match a regular expression (not with a JSON schema or tools).</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="pattern">The regular expression.</param>
    /// <returns>The same options, for chaining.</returns>
    public static ChatOptions WithRegex(this ChatOptions options, string pattern)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        (options.AdditionalProperties ??= [])[RegexKey] = pattern;
        return options;
    }

    /// <summary>
    /// Sets mk1-family <c>vision_config</c> fields, such as <c>annotation_format</c> (<c>point</c>, <c>box</c>,
    /// <c>polygon</c>, <c>clip</c>) or <c>enable_audio_in_video</c>. The object is open: unknown keys pass through.
    /// </summary>
    /// <param name="options">The options to change.</param>
    /// <param name="config">Field names and values; values may be primitives, lists, dictionaries or JSON.</param>
    /// <returns>The same options, for chaining.</returns>
    public static ChatOptions WithVisionConfig(this ChatOptions options, IReadOnlyDictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(config);
        var merged = options.AdditionalProperties?.TryGetValue(VisionConfigKey, out var existing) == true && existing is Dictionary<string, object?> previous
            ? new Dictionary<string, object?>(previous, StringComparer.Ordinal)
            : new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in config)
        {
            merged[key] = value;
        }

        (options.AdditionalProperties ??= [])[VisionConfigKey] = merged;
        return options;
    }

    /// <summary>
    /// Lets the model hear a video's soundtrack (<c>vision_config.enable_audio_in_video</c>); without it the server
    /// ignores the sound. Audio tokens are reported in <see cref="UsageDetails.AdditionalCounts"/> under
    /// <c>prompt_tokens_details.audio_tokens</c>.
    /// </summary>
    /// <param name="options">The options to change.</param>
    /// <param name="enable">Whether to listen; an explicit <see langword="false"/> is sent as such.</param>
    /// <returns>The same options, for chaining.</returns>
    public static ChatOptions WithAudioInVideo(this ChatOptions options, bool enable = true) =>
        options.WithVisionConfig(new Dictionary<string, object?>(StringComparer.Ordinal) { [EnableAudioInVideo] = enable });

    /// <summary>Sets the reasoning effort, including Perceptron's <c>minimal</c> tier that <see cref="ReasoningEffort"/> lacks.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="effort"><c>none</c>, <c>minimal</c>, <c>low</c>, <c>medium</c> or <c>high</c>.</param>
    /// <returns>The same options, for chaining.</returns>
    /// <exception cref="ArgumentException">The effort is not one of the accepted words.</exception>
    public static ChatOptions WithReasoningEffort(this ChatOptions options, string effort)
    {
        ArgumentNullException.ThrowIfNull(options);
        (options.AdditionalProperties ??= [])[ReasoningEffortKey] = NormalizeEffort(effort);
        return options;
    }

    /// <summary>The <c>vision_config</c> object as JSON, refusing an <c>enable_audio_in_video</c> that is not a boolean.</summary>
    internal static JsonElement VisionConfig(object value)
    {
        var element = Core.Requests.JsonValueWriter.ToElement(value, VisionConfigKey);
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(EnableAudioInVideo, out var audio) && audio.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
            ? throw new ArgumentException($"vision_config.{EnableAudioInVideo} must be true or false; got {audio.GetRawText()}. Use WithAudioInVideo(...).", nameof(value))
            : element;
    }

    internal static string NormalizeEffort(object? value)
    {
        var text = value switch
        {
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            _ => null,
        };
        var normalized = text?.Trim().ToLowerInvariant();
        return normalized is not null && Array.IndexOf(Efforts, normalized) >= 0
            ? normalized
            : throw new ArgumentException($"reasoning_effort must be one of {string.Join(", ", Efforts)}; got '{value}'.", nameof(value));
    }
}
