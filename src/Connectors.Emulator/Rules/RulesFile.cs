using System.Text.Json;
using System.Text.Json.Serialization;

namespace Connectors.Emulator.Rules;

/// <summary>The rules file: <c>{"rules":[{"name","match":{...},"reply":{...},"times"}]}</c>.</summary>
internal sealed class RulesFile
{
    public List<EmulatorRule> Rules { get; set; } = [];
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(RulesFile))]
internal sealed partial class RulesJsonContext : JsonSerializerContext;
