using System.Globalization;
using System.Text.Json;
using Connectors.Core.Wire;
using Microsoft.Extensions.AI;

namespace Connectors.Core.Profiles;

/// <summary>What a row does with an option the caller set.</summary>
internal enum OptionAction
{
    /// <summary>Converted (and validated) and written as a top-level field.</summary>
    Send,

    /// <summary>Refused before sending, with the row's message: the service would change the answer's meaning.</summary>
    Refuse,

    /// <summary>Not sent, with a debug log: the service ignores it and the answer means the same.</summary>
    Drop,
}

/// <summary>What the converter of a row sees besides the value: every option, the request being built, the provider's name.</summary>
internal readonly record struct OptionInput(ChatOptions Options, ChatCompletionRequest Request, string Provider);

/// <summary>
/// One row of a service's option table: where a value is read (a typed <see cref="ChatOptions"/> field or an
/// <see cref="ChatOptions.AdditionalProperties"/> key), and what happens to it. Rows are immutable; the
/// <c>With…</c> methods make changed copies, so a service states only how it differs from a standard row.
/// </summary>
internal sealed record OptionRow
{
    private OptionRow(string name, Func<ChatOptions, object?> read, string? key)
    {
        Name = name;
        Read = read;
        Key = key;
    }

    /// <summary>The option as the caller knows it, for messages: <c>ChatOptions.Seed</c> or <c>AdditionalProperties['rag_params']</c>.</summary>
    public string Name { get; }

    /// <summary>Reads the value; null when the caller did not set it.</summary>
    public Func<ChatOptions, object?> Read { get; }

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key the row reads, so the key is not also passed through.</summary>
    public string? Key { get; }

    public OptionAction Action { get; init; }

    /// <summary>The top-level field written; null for a row that changes the request itself (hints become a message).</summary>
    public string? Wire { get; init; }

    /// <summary>Validates and converts the value for the wire; null omits the field. Throws with the message the caller sees.</summary>
    public Func<object, OptionInput, object?>? Convert { get; init; }

    /// <summary>For <see cref="OptionAction.Refuse"/>, the exception message; for <see cref="OptionAction.Drop"/>, why it is not sent.</summary>
    public string? Message { get; init; }

    /// <summary>A row for a typed <see cref="ChatOptions"/> field, sent as <paramref name="wire"/>.</summary>
    public static OptionRow Typed(string name, Func<ChatOptions, object?> read, string wire, Func<object, OptionInput, object?>? convert = null) =>
        new(name, read, key: null) { Wire = wire, Convert = convert };

    /// <summary>
    /// A row for a vendor field set in <see cref="ChatOptions.AdditionalProperties"/> under <paramref name="key"/>, sent
    /// under the same name; without a converter the value is written as the JSON it holds.
    /// </summary>
    public static OptionRow Vendor(string key, Func<object, OptionInput, object?>? convert = null) =>
        new($"ChatOptions.AdditionalProperties['{key}']", options => ValueOf(options, key), key)
        {
            Wire = key,
            Convert = convert ?? ((value, _) => Requests.JsonValueWriter.ToElement(value, key)),
        };

    /// <summary>This row, refused with <paramref name="message"/>.</summary>
    public OptionRow Refused(string message) => this with { Action = OptionAction.Refuse, Message = message };

    /// <summary>This row, dropped because of <paramref name="why"/>.</summary>
    public OptionRow Dropped(string why) => this with { Action = OptionAction.Drop, Message = why };

    /// <summary>This row, sent under another field name.</summary>
    public OptionRow Renamed(string wire) => this with { Wire = wire };

    /// <summary>This row, sent (a standard row that is dropped elsewhere) with <paramref name="convert"/>.</summary>
    public OptionRow Sent(Func<object, OptionInput, object?> convert) => this with { Action = OptionAction.Send, Message = null, Convert = convert };

    /// <summary>This row with another converter.</summary>
    public OptionRow Converted(Func<object, OptionInput, object?> convert) => this with { Convert = convert };

    /// <summary>This row, refusing values outside a range with <see cref="ArgumentOutOfRangeException"/> and <paramref name="message"/>.</summary>
    public OptionRow Checked(Func<double, bool> valid, string message)
    {
        var inner = Convert;
        return this with
        {
            Convert = (value, input) => valid(System.Convert.ToDouble(value, CultureInfo.InvariantCulture))
                ? inner is null ? value : inner(value, input)
                : throw new ArgumentOutOfRangeException("options", value, message),
        };
    }

    /// <summary>The value of an <see cref="ChatOptions.AdditionalProperties"/> key; JSON null counts as unset.</summary>
    public static object? ValueOf(ChatOptions options, string key) =>
        options.AdditionalProperties?.TryGetValue(key, out var value) == true
        && value is not null and not JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }
            ? value
            : null;
}
