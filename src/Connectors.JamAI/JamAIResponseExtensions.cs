using Microsoft.Extensions.AI;

namespace Connectors.JamAI;

/// <summary>
/// Reads what a JamAI reply adds to a <see cref="ChatResponse"/>: references, citations, request id, choices.
/// </summary>
/// <remarks>
/// <para>
/// References are a <see cref="JamAIReferencesContent"/>, the first content of the answer message, in both
/// streamed and non-streamed replies (a stream delivers it on its first update). Non-streamed answers also carry
/// the <see cref="CitationAnnotation"/>s on the answer's <see cref="TextContent"/>. A streamed answer's text arrives
/// in pieces, so its citations cannot be attached while streaming: after
/// <see cref="ChatResponseExtensions.ToChatResponseAsync(IAsyncEnumerable{ChatResponseUpdate}, CancellationToken)"/>
/// call <see cref="ApplyCitations(ChatResponse)"/> (or just <see cref="GetCitations(ChatResponse)"/>) and the
/// response equals the non-streamed one.
/// </para>
/// </remarks>
public static class JamAIResponseExtensions
{
    /// <summary>The references of the answer, or null when retrieval was off.</summary>
    /// <param name="response">A JamAI response (streamed and coalesced, or not).</param>
    /// <returns>The references, or null.</returns>
    public static JamAIReferences? GetReferences(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        for (var i = response.Messages.Count - 1; i >= 0; i--)
        {
            if (response.Messages[i].GetReferences() is { } references)
            {
                return references;
            }
        }

        return null;
    }

    /// <summary>The references carried by a message, or null.</summary>
    /// <param name="message">A message.</param>
    /// <returns>The references, or null.</returns>
    public static JamAIReferences? GetReferences(this ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Contents.OfType<JamAIReferencesContent>().FirstOrDefault()?.References;
    }

    /// <summary>The references carried by a streaming update (the first update of a retrieval-augmented stream), or null.</summary>
    /// <param name="update">A streaming update.</param>
    /// <returns>The references, or null.</returns>
    public static JamAIReferences? GetReferences(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.Contents.OfType<JamAIReferencesContent>().FirstOrDefault()?.References;
    }

    /// <summary>
    /// The citations of the answer: one per chunk cited by a <c>[@n]</c> marker, each with a
    /// <see cref="TextSpanAnnotatedRegion"/> over its marker in the answer message's <see cref="ChatMessage.Text"/>.
    /// The same for a streamed-and-coalesced response as for a non-streamed one.
    /// </summary>
    /// <param name="response">A JamAI response.</param>
    /// <returns>The citations; empty without references or markers.</returns>
    public static IReadOnlyList<CitationAnnotation> GetCitations(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var message = AnswerMessage(response);
        return message?.GetReferences() is { } references ? references.CreateCitations(message.Text) : [];
    }

    /// <summary>
    /// Puts the citations onto the answer's text as <see cref="AIContent.Annotations"/> when they are not there
    /// yet (a coalesced stream), so the response equals the non-streamed one. Does nothing without references.
    /// </summary>
    /// <param name="response">A JamAI response.</param>
    /// <returns>The same response.</returns>
    public static ChatResponse ApplyCitations(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (AnswerMessage(response) is { } message && message.GetReferences() is { } references)
        {
            ApplyCitations(message, references);
        }

        return response;
    }

    /// <summary>The request id the call was sent with and the gateway echoed (<c>X-REQUEST-ID</c>), to quote to support.</summary>
    /// <param name="response">A JamAI response.</param>
    /// <returns>The request id, or null.</returns>
    public static string? GetRequestId(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(JamAIProfile.RequestIdKey, out var id) == true ? id as string : null;
    }

    /// <summary>The request id of a streaming update (every update of a JamAI stream carries it).</summary>
    /// <param name="update">A streaming update.</param>
    /// <returns>The request id, or null.</returns>
    public static string? GetRequestId(this ChatResponseUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return update.AdditionalProperties?.TryGetValue(JamAIProfile.RequestIdKey, out var id) == true ? id as string : null;
    }

    /// <summary>
    /// Every choice of a reply asked for with <c>n</c> &gt; 1
    /// (<see cref="JamAIChatOptionsExtensions.WithChoiceCount(ChatOptions, int)"/>), one message each, in order. A
    /// non-streamed response keeps them in <c>AdditionalProperties["choices"]</c> (the first is also
    /// <see cref="ChatResponse.Messages"/>); a coalesced stream holds them as messages whose ids end in
    /// <c>-INDEX</c>, which are regrouped here. With one choice, the answer message alone.
    /// </summary>
    /// <param name="response">A JamAI response.</param>
    /// <returns>One message per choice.</returns>
    public static IReadOnlyList<ChatMessage> GetChoices(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.AdditionalProperties?.TryGetValue("choices", out var value) == true && value is IEnumerable<ChatMessage> choices)
        {
            return [.. choices];
        }

        // A stream's extra choices came as updates with their own message ids; regroup interleaved pieces.
        var groups = new List<(string? Id, List<AIContent> Contents, ChatRole Role)>();
        foreach (var message in response.Messages)
        {
            if (message.Role != ChatRole.Assistant)
            {
                continue;
            }

            var index = groups.FindIndex(g => g.Id == message.MessageId);
            if (index < 0)
            {
                groups.Add((message.MessageId, [.. message.Contents], message.Role));
            }
            else
            {
                groups[index].Contents.AddRange(message.Contents);
            }
        }

        return [.. groups.Select(static g => new ChatMessage(g.Role, Coalesce(g.Contents)) { MessageId = g.Id })];
    }

    internal static void ApplyCitations(ChatMessage message, JamAIReferences references) => ApplyCitations(message.Contents, references);

    internal static void ApplyCitations(IList<AIContent> contents, JamAIReferences references)
    {
        var texts = contents.OfType<TextContent>().ToList();
        if (texts.Count != 1 || texts[0].Annotations is { Count: > 0 })
        {
            return; // spans index one text; several texts (or ones already annotated) are left as they are
        }

        var citations = references.CreateCitations(texts[0].Text);
        if (citations.Count > 0)
        {
            texts[0].Annotations = [.. citations];
        }
    }

    private static ChatMessage? AnswerMessage(ChatResponse response)
    {
        for (var i = response.Messages.Count - 1; i >= 0; i--)
        {
            if (response.Messages[i].Contents.Any(static c => c is JamAIReferencesContent))
            {
                return response.Messages[i];
            }
        }

        return null;
    }

    private static List<AIContent> Coalesce(List<AIContent> contents)
    {
        var result = new List<AIContent>(contents.Count);
        foreach (var content in contents)
        {
            if (content is TextContent { Annotations: null or { Count: 0 } } text && result.Count > 0 && result[^1] is TextContent { Annotations: null or { Count: 0 } } previous)
            {
                result[^1] = new TextContent(previous.Text + text.Text);
            }
            else
            {
                result.Add(content);
            }
        }

        return result;
    }
}
