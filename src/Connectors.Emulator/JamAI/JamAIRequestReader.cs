using System.Text.Json;
using Connectors.Emulator.Chat;
using Connectors.Emulator.Chat.Tools;
using Connectors.Emulator.Knowledge;
using Connectors.Emulator.Scenes;

namespace Connectors.Emulator.JamAI;

/// <summary>Validates a JamAI chat request as the server's models do (422 with every bad field) and turns it into a <see cref="ChatInput"/>.</summary>
internal static class JamAIRequestReader
{
    private static readonly string[] NotNull = ["model", "temperature", "top_p", "max_tokens", "max_completion_tokens", "presence_penalty", "frequency_penalty", "logit_bias", "n", "user", "stream"];
    private static readonly string[] PartTypes = ["text", "image_url", "input_audio"];

    public static (ChatInput? Input, JamAIFailure? Error) Read(JsonElement root, IList<JamAIModel> models, KnowledgeStore knowledge)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, JamAIFailure.Validation([Field("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", "body")]));
        }

        var errors = new List<JFieldError>();
        foreach (var name in NotNull)
        {
            if (root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Null)
            {
                errors.Add(Field(name == "model" || name == "user" ? "string_type" : "null_type", $"Input should not be null ('{name}' must be omitted rather than null)", "body", name));
            }
        }

        CheckRange(root, "temperature", 0, 2, errors);
        CheckRange(root, "top_p", 0.001, 1, errors);
        CheckRange(root, "presence_penalty", -2, 2, errors);
        CheckRange(root, "frequency_penalty", -2, 2, errors);
        CheckRange(root, "max_tokens", 1, int.MaxValue, errors);
        CheckRange(root, "max_completion_tokens", 1, int.MaxValue, errors);
        CheckRange(root, "n", 1, 128, errors);
        if (root.TryGetProperty("reasoning_effort", out var effort)
            && !(effort.ValueKind == JsonValueKind.String && effort.GetString() is "disable" or "minimal" or "none" or "low" or "medium" or "high"))
        {
            errors.Add(Field("enum", "Input should be 'disable', 'minimal', 'none', 'low', 'medium' or 'high'", "body", "reasoning_effort"));
        }

        if (root.TryGetProperty("tool_choice", out var choice) && choice.ValueKind == JsonValueKind.String
            && choice.GetString() is not ("none" or "auto" or "required"))
        {
            errors.Add(Field("literal_error", "Input should be 'none', 'auto' or 'required'", "body", "tool_choice"));
        }

        if (root.TryGetProperty("stop", out var stop) && stop.ValueKind != JsonValueKind.Null)
        {
            if (stop.ValueKind != JsonValueKind.Array)
            {
                errors.Add(Field("list_type", "Input should be a valid list", "body", "stop"));
            }
            else if (stop.GetArrayLength() == 0)
            {
                errors.Add(Field("too_short", "List should have at least 1 item after validation, not 0", "body", "stop"));
            }
        }

        var messages = ReadMessages(root, errors);
        var tools = new List<ToolDeclaration>();
        var hasTools = ReadTools(root, errors, tools);
        var rag = ReadRag(root, errors);
        if (errors.Count > 0)
        {
            return (null, JamAIFailure.Validation(errors));
        }

        var requested = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        var needs = new List<string> { "chat" };
        if (messages.Images.Count > 0)
        {
            needs.Add("image");
        }

        if (messages.HasAudio)
        {
            needs.Add("audio");
        }

        if (hasTools)
        {
            needs.Add("tool");
        }

        JamAIModel? model;
        if (requested.Length == 0)
        {
            // An empty model lets the server pick one with the needed capabilities.
            model = models.FirstOrDefault(x => needs.All(x.Has));
            if (model is null)
            {
                return (null, new JamAIFailure(422, "validation_error", $"No model has these capabilities: {string.Join(", ", needs)}"));
            }
        }
        else
        {
            model = models.FirstOrDefault(x => x.Id == requested);
            if (model is null)
            {
                return (null, new JamAIFailure(404, "resource_not_found", $"Model \"{requested}\" is not found."));
            }

            var lacking = needs.Where(c => !model.Has(c)).ToList();
            if (lacking.Count > 0)
            {
                return (null, new JamAIFailure(422, "validation_error", $"Model \"{model.Id}\" lack these capabilities: {string.Join(", ", lacking)}"));
            }
        }

        if (rag is not null && !knowledge.TryGet(rag.TableId, out _))
        {
            return (null, new JamAIFailure(404, "resource_not_found", $"Table \"{rag.TableId}\" is not found."));
        }

        var maxTokens = Int(root, "max_completion_tokens") ?? Int(root, "max_tokens");
        var promptTokens = TokenCounter.Prompt(messages.Chars, messages.Media);
        if (promptTokens + (maxTokens ?? 0) >= model.ContextLength)
        {
            return (null, new JamAIFailure(422, "context_overflow", $"Model \"{model.Id}\" context length is {model.ContextLength} tokens but the request needs about {promptTokens + (maxTokens ?? 0)}."));
        }

        return (new ChatInput
        {
            Dialect = EmulatorDialect.JamAI,
            Model = model.Id,
            SystemText = messages.SystemText,
            LastUserText = messages.LastUserText,
            PromptChars = messages.Chars,
            Images = messages.Images,
            MediaCount = messages.Media,
            HasTools = hasTools,
            Tools = tools,
            HasToolResults = messages.HasToolResults,
            ToolChoiceNone = root.TryGetProperty("tool_choice", out var tc) && tc.ValueKind == JsonValueKind.String && tc.GetString() == "none",
            Stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True,
            IncludeUsage = true,
            Hints = SpatialHints.FromSystemText(messages.SystemText).With(null, Thinks(root, model)),
            MaxTokens = maxTokens,
            N = Int(root, "n") ?? 1,
            Rag = rag,
        }, null);
    }

    /// <summary>Reasoning models think unless <c>reasoning_effort</c> turns it off.</summary>
    private static bool Thinks(JsonElement root, JamAIModel model)
    {
        var effort = root.TryGetProperty("reasoning_effort", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        return model.Has("reasoning") && effort is not null && effort is not ("disable" or "none");
    }

    private static ParsedMessages ReadMessages(JsonElement root, List<JFieldError> errors)
    {
        var parsed = new ParsedMessages();
        if (!root.TryGetProperty("messages", out var messages))
        {
            errors.Add(Field("missing", "Field required", "body", "messages"));
            return parsed;
        }

        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            errors.Add(Field("too_short", "List should have at least 1 item after validation, not 0", "body", "messages"));
            return parsed;
        }

        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var role = message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (role is not ("system" or "user" or "assistant"))
            {
                errors.Add(Field("literal_error", "Input should be 'system', 'user' or 'assistant'", "body", "messages", i, "role"));
                i++;
                continue;
            }

            // tool_calls and tool_call_id are dropped by the server; a folded tool result shows only as text.
            parsed.HasToolResults |= message.TryGetProperty("tool_call_id", out _);
            var text = new List<string>();
            message.TryGetProperty("content", out var content);
            if (content.ValueKind == JsonValueKind.String)
            {
                text.Add(content.GetString()!);
            }
            else if (content.ValueKind == JsonValueKind.Array)
            {
                var j = 0;
                foreach (var part in content.EnumerateArray())
                {
                    ReadPart(part, i, j++, text, parsed, errors);
                }
            }
            else
            {
                errors.Add(Field("string_type", "Input should be a valid string or a list of content parts", "body", "messages", i, "content"));
            }

            var joined = string.Join("\n", text);
            parsed.Chars += joined.Length;
            if (role == "system")
            {
                parsed.SystemText = parsed.SystemText.Length == 0 ? joined : parsed.SystemText + "\n" + joined;
            }
            else if (role == "user")
            {
                parsed.LastUserText = joined;
            }

            i++;
        }

        return parsed;
    }

    private static void ReadPart(JsonElement part, int i, int j, List<string> text, ParsedMessages parsed, List<JFieldError> errors)
    {
        var type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type is null || !PartTypes.Contains(type))
        {
            errors.Add(Field("union_tag_invalid", $"Input tag '{type}' found using 'type' does not match any of the expected tags: 'text', 'image_url', 'input_audio'", "body", "messages", i, "content", j));
            return;
        }

        switch (type)
        {
            case "text":
                if (part.TryGetProperty("text", out var tx) && tx.ValueKind == JsonValueKind.String)
                {
                    text.Add(tx.GetString()!);
                }
                else
                {
                    errors.Add(Field("string_type", "Input should be a valid string", "body", "messages", i, "content", j, "text"));
                }

                break;
            case "image_url":
                var url = part.TryGetProperty("image_url", out var iu) && iu.ValueKind == JsonValueKind.Object && iu.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : null;
                var image = url is null ? null : ParseImage(url);
                if (image is null)
                {
                    errors.Add(Field("value_error", "Value error, image_url.url must be an https URL or a base64 data URL", "body", "messages", i, "content", j, "image_url", "url"));
                    return;
                }

                parsed.Images.Add(image);
                parsed.Media++;
                break;
            default:
                var format = part.TryGetProperty("input_audio", out var ia) && ia.ValueKind == JsonValueKind.Object && ia.TryGetProperty("format", out var f) ? f.GetString() : null;
                if (format is not ("mp3" or "wav"))
                {
                    errors.Add(Field("literal_error", "Input should be 'mp3' or 'wav'", "body", "messages", i, "content", j, "input_audio", "format"));
                    return;
                }

                parsed.HasAudio = true;
                parsed.Media++;
                break;
        }
    }

    private static ImageInput? ParseImage(string url)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = url.IndexOf(',', StringComparison.Ordinal);
            var header = comma > 0 ? url[5..comma] : "";
            if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            try
            {
                return new ImageInput(header[..^7], Convert.FromBase64String(url[(comma + 1)..]), null);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? new ImageInput(null, null, uri)
            : null;
    }

    private static bool ReadTools(JsonElement root, List<JFieldError> errors, List<ToolDeclaration> declared)
    {
        if (!root.TryGetProperty("tools", out var tools) || tools.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (tools.ValueKind != JsonValueKind.Array || tools.GetArrayLength() == 0)
        {
            errors.Add(Field("too_short", "List should have at least 1 item after validation, not 0", "body", "tools"));
            return false;
        }

        var i = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var type = tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type is "web_search" or "code_interpreter")
            {
                i++;
                continue;
            }

            if (type != "function" || !tool.TryGetProperty("function", out var fn) || fn.ValueKind != JsonValueKind.Object)
            {
                errors.Add(Field("union_tag_invalid", "Input tag does not match any of the expected tags: 'function', 'web_search', 'code_interpreter'", "body", "tools", i));
                i++;
                continue;
            }

            if (!fn.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || name.GetString()!.Length is 0 or > 64)
            {
                errors.Add(Field("string_too_long", "Function name must be 1 to 64 characters", "body", "tools", i, "function", "name"));
            }

            if (fn.TryGetProperty("parameters", out var parameters))
            {
                CheckFlatSchema(parameters, i, errors);
            }

            if (ToolDeclaration.Read(tool) is { } declaration)
            {
                declared.Add(declaration);
            }

            i++;
        }

        return true;
    }

    /// <summary>The server accepts only {"type":"object","properties":{name:{"type":str,"description","enum":[str]}},"required":[...]}.</summary>
    private static void CheckFlatSchema(JsonElement parameters, int i, List<JFieldError> errors)
    {
        object[] at = ["body", "tools", i, "function", "parameters"];
        if (parameters.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Field("model_type", "Input should be an object", at));
            return;
        }

        if (parameters.TryGetProperty("type", out var type) && type.GetString() != "object")
        {
            errors.Add(Field("literal_error", "Input should be 'object'", [.. at, "type"]));
        }

        if (!parameters.TryGetProperty("required", out var required))
        {
            errors.Add(Field("missing", "Field required", [.. at, "required"]));
        }
        else if (required.ValueKind != JsonValueKind.Array || required.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
        {
            errors.Add(Field("list_type", "Input should be a valid list of strings", [.. at, "required"]));
        }

        if (!parameters.TryGetProperty("properties", out var properties))
        {
            errors.Add(Field("missing", "Field required", [.. at, "properties"]));
            return;
        }

        if (properties.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Field("dict_type", "Input should be a valid dictionary", [.. at, "properties"]));
            return;
        }

        foreach (var property in properties.EnumerateObject())
        {
            object[] p = [.. at, "properties", property.Name];
            var value = property.Value;
            if (value.ValueKind != JsonValueKind.Object)
            {
                errors.Add(Field("model_type", "Input should be an object", p));
                continue;
            }

            if (!value.TryGetProperty("type", out var pt) || pt.ValueKind != JsonValueKind.String)
            {
                errors.Add(Field("string_type", "Input should be a valid string (union types are not supported)", [.. p, "type"]));
            }

            if (value.TryGetProperty("enum", out var en)
                && (en.ValueKind != JsonValueKind.Array || en.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String)))
            {
                errors.Add(Field("string_type", "Input should be a valid string (enum values must be strings)", [.. p, "enum"]));
            }
        }
    }

    private static RagRequest? ReadRag(JsonElement root, List<JFieldError> errors)
    {
        if (!root.TryGetProperty("rag_params", out var rag) || rag.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (rag.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Field("model_type", "Input should be an object", "body", "rag_params"));
            return null;
        }

        var tableId = rag.TryGetProperty("table_id", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
        if (tableId.Trim().Length == 0)
        {
            errors.Add(Field("string_too_short", "String should have at least 1 character", "body", "rag_params", "table_id"));
        }

        var k = 3;
        if (rag.TryGetProperty("k", out var kv))
        {
            if (kv.ValueKind != JsonValueKind.Number || !kv.TryGetInt32(out k) || k < 1 || k > 1024)
            {
                errors.Add(Field("less_than_equal", "Input should be an integer in [1, 1024]", "body", "rag_params", "k"));
            }
        }

        var query = rag.TryGetProperty("search_query", out var q) && q.ValueKind == JsonValueKind.String ? q.GetString()! : "";
        var inline = !(rag.TryGetProperty("inline_citations", out var ic) && ic.ValueKind == JsonValueKind.False);
        var reranker = rag.TryGetProperty("reranking_model", out var rm) && rm.ValueKind == JsonValueKind.String ? rm.GetString() : null;
        return new RagRequest(tableId, k, query, inline, reranker);
    }

    private static void CheckRange(JsonElement root, string name, double min, double max, List<JFieldError> errors)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (v.ValueKind != JsonValueKind.Number)
        {
            errors.Add(Field("float_type", "Input should be a valid number", "body", name));
        }
        else if (v.GetDouble() < min || v.GetDouble() > max)
        {
            errors.Add(Field("value_error", $"Input should be between {min} and {max}", "body", name));
        }
    }

    private static int? Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static JFieldError Field(string type, string message, params object[] loc) => new(type, message, loc, null);

    private sealed class ParsedMessages
    {
        public string SystemText { get; set; } = "";

        public string LastUserText { get; set; } = "";

        public int Chars { get; set; }

        public int Media { get; set; }

        public bool HasAudio { get; set; }

        public bool HasToolResults { get; set; }

        public List<ImageInput> Images { get; } = [];
    }
}
