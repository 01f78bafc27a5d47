using System.Text.Json;
using System.Text.RegularExpressions;
using Connectors.Emulator.Chat;
using Connectors.Emulator.Perceptron.Files;
using Connectors.Emulator.Scenes;

namespace Connectors.Emulator.Perceptron;

/// <summary>Validates a Perceptron chat request as the gateway does and turns it into a <see cref="ChatInput"/>.</summary>
internal static partial class PerceptronRequestReader
{
    private static readonly string[] Refused = ["stop", "seed", "logprobs", "top_logprobs", "logit_bias", "user", "metadata", "store", "service_tier", "functions", "function_call", "modalities", "prediction", "audio"];
    private static readonly string[] Roles = ["system", "user", "assistant", "tool"];
    private static readonly string[] PartTypes = ["text", "image_url", "image_file_id", "video_url", "video_frames", "input_audio", "audio_url", "video_file_id", "audio_file_id"];
    private static readonly string[] ImageTypes = ["png", "jpeg", "webp"];
    private static readonly string[] Efforts = ["none", "minimal", "low", "medium", "high"];
    private static readonly string[] AudioFormats = ["wav", "mp3", "flac"];

    /// <summary>Of a media part's prompt tokens, how many a sound is reported as (<c>audio_tokens</c>).</summary>
    private const int AudioTokensPerPart = 100;

    /// <param name="root">The request body.</param>
    /// <param name="models">The models served.</param>
    /// <param name="files">Uploaded files, which file-id parts and files-content frame URLs refer to; none when null.</param>
    public static (ChatInput? Input, PerceptronFailure? Error) Read(JsonElement root, IList<PerceptronModel> models, FileStore? files = null)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail(PerceptronFailure.Invalid("The request body must be a JSON object.", null, "invalid_request"));
        }

        foreach (var name in Refused)
        {
            if (root.TryGetProperty(name, out _))
            {
                return Fail(PerceptronFailure.Unsupported(name, $"Unsupported parameter: '{name}' is not supported with this model."));
            }
        }

        if (!root.TryGetProperty("model", out var modelElement) || modelElement.ValueKind != JsonValueKind.String || modelElement.GetString() is not { Length: > 0 } modelId)
        {
            return Fail(PerceptronFailure.Invalid("'model' is required and must be a non-empty string.", "model", "invalid_value"));
        }

        var model = models.FirstOrDefault(m => m.Id == modelId);
        if (model is null)
        {
            return Fail(new PerceptronFailure(404, $"The model '{modelId}' does not exist or you do not have access to it.", "invalid_request_error", "model", "model_not_found"));
        }

        var scalarError = CheckScalars(root, model);
        if (scalarError is not null)
        {
            return Fail(scalarError);
        }

        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return Fail(PerceptronFailure.Invalid("'messages' must be a non-empty array.", "messages", "invalid_value"));
        }

        var parsed = new ParsedMessages { Files = files };
        var i = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var error = ReadMessage(message, i++, parsed);
            if (error is not null)
            {
                return Fail(error);
            }
        }

        var maxTokens = OptionalInt(root, "max_completion_tokens") ?? OptionalInt(root, "max_tokens");
        if (maxTokens is { } cap && (cap < 0 || cap > model.MaxOutputTokens))
        {
            return Fail(PerceptronFailure.Invalid($"max_completion_tokens must be between 0 and {model.MaxOutputTokens} for {model.Id}.", "max_completion_tokens", "invalid_value"));
        }

        var promptTokens = TokenCounter.Prompt(parsed.Chars, parsed.ImageCount);
        if (promptTokens + (maxTokens ?? 0) > model.MaxContextTokens)
        {
            return Fail(PerceptronFailure.Invalid(
                $"This model's maximum context length is {model.MaxContextTokens} tokens. However, you requested about {promptTokens + (maxTokens ?? 0)} tokens ({promptTokens} in the messages, {maxTokens ?? 0} in the completion).",
                "messages",
                "context_length_exceeded"));
        }

        var declaredTools = new List<Chat.Tools.ToolDeclaration>();
        var toolsError = CheckTools(root, model, out var hasTools, declaredTools);
        if (toolsError is not null)
        {
            return Fail(toolsError);
        }

        var formatError = CheckStructuredOutput(root, model, hasTools);
        if (formatError is not null)
        {
            return Fail(formatError);
        }

        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;

        return (new ChatInput
        {
            Dialect = EmulatorDialect.Perceptron,
            Model = model.Id,
            SystemText = parsed.SystemText,
            LastUserText = parsed.LastUserText,
            PromptChars = parsed.Chars,
            Images = parsed.Images,
            Examples = parsed.Examples,
            MediaCount = parsed.ImageCount,
            Media = parsed.Media,
            AudioTokens = parsed.AudioParts * AudioTokensPerPart + (AudioInVideo(root) ? parsed.WholeVideos * AudioTokensPerPart : 0),
            HasTools = hasTools,
            Tools = declaredTools,
            HasToolResults = parsed.HasToolResults,
            ToolChoiceNone = root.TryGetProperty("tool_choice", out var tc) && tc.ValueKind == JsonValueKind.String && tc.GetString() == "none",
            Stream = stream,
            IncludeUsage = includeUsage,
            Hints = Hints(root, model, parsed.SystemText),
            MaxTokens = maxTokens,
        }, null);
    }

    private static SpatialHints Hints(JsonElement root, PerceptronModel model, string systemText)
    {
        var hints = SpatialHints.FromSystemText(systemText);
        if (model.Id == "isaac-0.1")
        {
            // Isaac 0.1 honours only the spatial hints.
            hints = hints with { Think = false };
        }

        var effort = root.TryGetProperty("reasoning_effort", out var re) && re.ValueKind == JsonValueKind.String ? re.GetString() : null;
        var think = model.ReasoningAlwaysEnabled || (effort is not null && effort != "none" && model.ReasoningSupported);
        string? format = null;
        if (model.IsMk1Family && root.TryGetProperty("vision_config", out var vc) && vc.ValueKind == JsonValueKind.Object)
        {
            format = vc.TryGetProperty("annotation_format", out var af) && af.ValueKind == JsonValueKind.String ? af.GetString() : null;
            think |= vc.TryGetProperty("enable_thinking", out var et) && et.ValueKind == JsonValueKind.True;
        }

        return hints.With(format, think);
    }

    private static PerceptronFailure? CheckScalars(JsonElement root, PerceptronModel model)
    {
        if (root.TryGetProperty("n", out var n) && !(n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var nv) && nv == 1))
        {
            return PerceptronFailure.Invalid("Only n=1 is supported.", "n", "invalid_value");
        }

        if (Number(root, "temperature") is { } t && (double.IsNaN(t) || t < 0 || t > 2))
        {
            return PerceptronFailure.Invalid("temperature must be between 0 and 2.", "temperature", "invalid_temperature");
        }

        if (Number(root, "top_p") is { } p && (double.IsNaN(p) || p <= 0 || p > 1))
        {
            return PerceptronFailure.Invalid("top_p must be greater than 0 and at most 1.", "top_p", "invalid_value");
        }

        if (Number(root, "top_k") is { } k && (double.IsNaN(k) || k < 0 || k != Math.Floor(k)))
        {
            return PerceptronFailure.Invalid("top_k must be a non-negative integer.", "top_k", "invalid_value");
        }

        foreach (var penalty in new[] { "frequency_penalty", "presence_penalty" })
        {
            if (Number(root, penalty) is { } v && (double.IsNaN(v) || v < -2 || v > 2))
            {
                return PerceptronFailure.Invalid($"{penalty} must be between -2 and 2.", penalty, "invalid_value");
            }
        }

        foreach (var name in new[] { "temperature", "top_p", "top_k", "frequency_penalty", "presence_penalty", "max_completion_tokens", "max_tokens" })
        {
            if (root.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Number)
            {
                return PerceptronFailure.Invalid($"'{name}' must be a number.", name, "invalid_type");
            }
        }

        if (root.TryGetProperty("reasoning_effort", out var effort)
            && (effort.ValueKind != JsonValueKind.String || !Efforts.Contains(effort.GetString())))
        {
            return PerceptronFailure.Invalid("reasoning_effort must be one of none, minimal, low, medium, high.", "reasoning_effort", "invalid_value");
        }

        if (root.TryGetProperty("vision_config", out var vc) && vc.ValueKind != JsonValueKind.Object)
        {
            return PerceptronFailure.Invalid("vision_config must be an object.", "vision_config", "invalid_type");
        }

        if (vc.ValueKind == JsonValueKind.Object && vc.TryGetProperty("enable_audio_in_video", out var audio) && audio.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return PerceptronFailure.Invalid("vision_config.enable_audio_in_video must be a boolean.", "vision_config.enable_audio_in_video", "invalid_vision_config");
        }

        if (root.TryGetProperty("stream", out var stream) && stream.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return PerceptronFailure.Invalid("stream must be a boolean.", "stream", "invalid_type");
        }

        _ = model;
        return null;
    }

    private static PerceptronFailure? CheckTools(JsonElement root, PerceptronModel model, out bool hasTools, List<Chat.Tools.ToolDeclaration> declared)
    {
        hasTools = false;
        if (root.TryGetProperty("tool_choice", out var choice)
            && !(choice.ValueKind == JsonValueKind.String && choice.GetString() is "auto" or "none"))
        {
            return PerceptronFailure.Unsupported("tool_choice", "tool_choice must be 'auto' or 'none'.");
        }

        if (!root.TryGetProperty("tools", out var tools))
        {
            return null;
        }

        if (tools.ValueKind != JsonValueKind.Array || tools.GetArrayLength() == 0)
        {
            return PerceptronFailure.Invalid("'tools' must be a non-empty array.", "tools", "invalid_value");
        }

        var focus = 0;
        foreach (var tool in tools.EnumerateArray())
        {
            var type = tool.ValueKind == JsonValueKind.Object && tool.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == "perceptron.FOCUS")
            {
                focus++;
                continue;
            }

            if (type != "function" || !tool.TryGetProperty("function", out var fn) || fn.ValueKind != JsonValueKind.Object
                || !fn.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                return PerceptronFailure.Invalid("Each tool must be {\"type\":\"function\",\"function\":{\"name\",...}} or {\"type\":\"perceptron.FOCUS\"}.", "tools", "invalid_value");
            }

            // Declared functions are what the emulator's model may call (FOCUS is the server's own zoom, never called back).
            if (Chat.Tools.ToolDeclaration.Read(tool) is { } declaration)
            {
                declared.Add(declaration);
            }
        }

        if (focus > 0 && tools.GetArrayLength() > 1)
        {
            return PerceptronFailure.Invalid("The perceptron.FOCUS tool must be the only tool.", "tools", "invalid_value");
        }

        if (!model.Has("tool_calling") && focus == 0)
        {
            return PerceptronFailure.Unsupported("tools", $"Model '{model.Id}' does not support tool calling");
        }

        hasTools = true;
        return null;
    }

    private static PerceptronFailure? CheckStructuredOutput(JsonElement root, PerceptronModel model, bool hasTools)
    {
        var jsonSchema = false;
        if (root.TryGetProperty("response_format", out var format))
        {
            var type = format.ValueKind == JsonValueKind.Object && format.TryGetProperty("type", out var t) ? t.GetString() : null;
            switch (type)
            {
                case "text":
                    break;
                case "json_object":
                    return PerceptronFailure.Unsupported("response_format", "response_format of type 'json_object' is not supported; use 'json_schema'.");
                case "json_schema":
                    if (!format.TryGetProperty("json_schema", out var js) || js.ValueKind != JsonValueKind.Object
                        || !js.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.Object)
                    {
                        return PerceptronFailure.Invalid("response_format.json_schema.schema must be an object.", "response_format", "invalid_value");
                    }

                    if (!model.Has("response_format_json_schema"))
                    {
                        return PerceptronFailure.Unsupported("response_format", $"Model '{model.Id}' does not support structured output");
                    }

                    jsonSchema = true;
                    break;
                default:
                    return PerceptronFailure.Invalid("response_format.type must be 'text' or 'json_schema'.", "response_format", "invalid_value");
            }
        }

        if (!root.TryGetProperty("regex", out var regex))
        {
            return null;
        }

        if (regex.ValueKind != JsonValueKind.String)
        {
            return PerceptronFailure.Invalid("regex must be a string.", "regex", "invalid_type");
        }

        if (jsonSchema || hasTools)
        {
            return PerceptronFailure.Invalid("regex cannot be combined with a json_schema response_format or tools.", "regex", "unsupported_parameter");
        }

        if (!model.Has("regex"))
        {
            return PerceptronFailure.Unsupported("regex", $"Model '{model.Id}' does not support regex-constrained generation");
        }

        try
        {
            _ = new Regex(regex.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            return PerceptronFailure.Invalid($"Invalid regex: {e.Message}", "regex", "invalid_regex");
        }

        return null;
    }

    private static PerceptronFailure? ReadMessage(JsonElement message, int i, ParsedMessages parsed)
    {
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var roleElement) || roleElement.ValueKind != JsonValueKind.String)
        {
            return PerceptronFailure.Invalid($"messages[{i}] must be an object with a string 'role'.", $"messages[{i}].role", "invalid_value");
        }

        var role = roleElement.GetString()!;
        if (!Roles.Contains(role))
        {
            return PerceptronFailure.Invalid($"Invalid role '{role}' in messages[{i}]; expected system, user, assistant or tool.", $"messages[{i}].role", "invalid_value");
        }

        parsed.HasToolResults |= role == "tool";
        var imagesBefore = parsed.Images.Count;
        var text = new List<string>();
        message.TryGetProperty("content", out var content);
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                text.Add(content.GetString()!);
                break;
            case JsonValueKind.Array:
                var j = 0;
                foreach (var part in content.EnumerateArray())
                {
                    var error = ReadPart(part, $"messages[{i}].content[{j++}]", text, parsed);
                    if (error is not null)
                    {
                        return error;
                    }
                }

                break;
            case JsonValueKind.Null or JsonValueKind.Undefined when role == "assistant":
                break;
            default:
                return PerceptronFailure.Invalid($"messages[{i}].content must be a string or an array of parts.", $"messages[{i}].content", "invalid_value");
        }

        if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in calls.EnumerateArray())
            {
                parsed.Chars += call.GetRawText().Length;
            }
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
            parsed.ExampleImage = parsed.Images.Count > imagesBefore ? parsed.Images[^1].Bytes : null;
        }
        else if (role == "assistant" && parsed.ExampleImage is { } example && joined.Length > 0)
        {
            // An image, then the assistant's tags for it: a few-shot example (the SDK's detect with examples).
            parsed.Examples.Add((example, joined));
            parsed.ExampleImage = null;
        }

        return null;
    }

    private static PerceptronFailure? ReadPart(JsonElement part, string path, List<string> text, ParsedMessages parsed)
    {
        var type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type is null || !PartTypes.Contains(type))
        {
            return PerceptronFailure.Invalid($"Unsupported content part type '{type}' at {path}.", path + ".type", "invalid_value");
        }

        switch (type)
        {
            case "text":
                if (!part.TryGetProperty("text", out var tx) || tx.ValueKind != JsonValueKind.String)
                {
                    return PerceptronFailure.Invalid($"{path}.text must be a string.", path + ".text", "invalid_value");
                }

                text.Add(tx.GetString()!);
                return null;
            case "image_url":
                return Url(part, "image_url", path) is { } url
                    ? ReadImageUrl(url, path + ".image_url.url", parsed)
                    : PerceptronFailure.Invalid($"{path}.image_url.url must be a string.", path + ".image_url.url", "invalid_value");
            case "video_url":
            case "audio_url":
                return ReadMediaUrl(part, type, path, parsed);
            case "video_frames":
                return PerceptronMedia.ReadFrames(part, path, parsed.Media, parsed.Files, out _) ?? Counted(parsed);
            case "input_audio":
                return ReadInputAudio(part, path, parsed);
            default:
                return ReadFileId(part, type, path, parsed);
        }
    }

    /// <summary>
    /// An uploaded file by id (<c>image_file_id</c>, <c>video_file_id</c>, <c>audio_file_id</c>): it must exist and be
    /// of the part's kind. An image is answered like an inline one (its bytes are read from the store).
    /// </summary>
    private static PerceptronFailure? ReadFileId(JsonElement part, string type, string path, ParsedMessages parsed)
    {
        var param = $"{path}.{type}.file_id";
        if (!part.TryGetProperty(type, out var holder) || holder.ValueKind != JsonValueKind.Object
            || !holder.TryGetProperty("file_id", out var idElement) || idElement.ValueKind != JsonValueKind.String || idElement.GetString() is not { Length: > 0 } id)
        {
            return PerceptronFailure.Invalid($"{path}.{type} must be {{\"file_id\": \"file-…\"}}.", param, "invalid_value");
        }

        if (parsed.Files?.Get(id) is not { } file)
        {
            return new PerceptronFailure(404, $"No such File object: {id}", "invalid_request_error", param, null);
        }

        var kind = type[..type.IndexOf('_', StringComparison.Ordinal)];
        if (!file.MediaType.StartsWith(kind + "/", StringComparison.Ordinal))
        {
            return PerceptronFailure.Invalid($"The file {id} is {file.MediaType}, not an {kind}: send it as a {file.MediaType[..file.MediaType.IndexOf('/', StringComparison.Ordinal)]}_file_id part.", param, "invalid_value");
        }

        parsed.ImageCount++;
        switch (kind)
        {
            case "image":
                parsed.Images.Add(new ImageInput(file.MediaType, File.ReadAllBytes(parsed.Files.PathOf(id)), null));
                parsed.Media.Add(new MediaInput("image", "an image"));
                break;
            case "video":
                parsed.WholeVideos++;
                parsed.Media.Add(new MediaInput("video", $"an uploaded {file.MediaType["video/".Length..]} video of {PerceptronMedia.Size(file.Bytes)} ({file.Filename})"));
                break;
            default:
                parsed.AudioParts++;
                parsed.Media.Add(new MediaInput("audio", $"an uploaded {file.MediaType["audio/".Length..].Replace("mpeg", "mp3", StringComparison.Ordinal)} audio of {PerceptronMedia.Size(file.Bytes)} ({file.Filename})"));
                break;
        }

        return null;
    }

    private static PerceptronFailure? Counted(ParsedMessages parsed)
    {
        parsed.ImageCount++;
        return null;
    }

    private static string? Url(JsonElement part, string key, string path) =>
        part.TryGetProperty(key, out var holder) && holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String
            ? u.GetString()!
            : null;

    /// <summary>A whole video or audio file by URL or data URL: checked (a data URL's family must match the part) and described.</summary>
    private static PerceptronFailure? ReadMediaUrl(JsonElement part, string type, string path, ParsedMessages parsed)
    {
        var kind = type == "video_url" ? "video" : "audio";
        var param = $"{path}.{type}.url";
        if (Url(part, type, path) is not { } url)
        {
            return PerceptronFailure.Invalid($"{param} must be a string.", param, "invalid_value");
        }

        string description;
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var m = DataUrl().Match(url);
            if (!m.Success || !m.Groups["kind"].Value.Equals(kind, StringComparison.OrdinalIgnoreCase))
            {
                return PerceptronFailure.Invalid($"Invalid data URL in a {type} part: expected data:{kind}/<type>;base64,<data>.", param, "invalid_data_url");
            }

            if (PerceptronMedia.Decode(url[m.Length..]) is not { } bytes)
            {
                return PerceptronFailure.Invalid("The data URL does not hold valid base64.", param, "invalid_data_url");
            }

            description = PerceptronMedia.Describe(kind, m.Groups["sub"].Value.ToLowerInvariant(), bytes);
        }
        else if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            description = $"the {kind} at {uri}";
        }
        else
        {
            return PerceptronFailure.Invalid($"{type}.url must be an http(s) URL or a base64 data URL.", param, "invalid_value");
        }

        parsed.ImageCount++;
        parsed.AudioParts += kind == "audio" ? 1 : 0;
        parsed.WholeVideos += kind == "video" ? 1 : 0;
        parsed.Media.Add(new MediaInput(kind, description));
        return null;
    }

    private static PerceptronFailure? ReadInputAudio(JsonElement part, string path, ParsedMessages parsed)
    {
        var param = path + ".input_audio";
        if (!part.TryGetProperty("input_audio", out var audio) || audio.ValueKind != JsonValueKind.Object
            || !audio.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.String
            || !audio.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String)
        {
            return PerceptronFailure.Invalid($"{param} must be {{\"data\": <base64>, \"format\": \"wav\"|\"mp3\"|\"flac\"}}.", param, "invalid_value");
        }

        if (!AudioFormats.Contains(format.GetString()))
        {
            return PerceptronFailure.Invalid($"Unsupported audio format '{format.GetString()}'; use wav, mp3 or flac.", param + ".format", "invalid_audio_format");
        }

        if (PerceptronMedia.Decode(data.GetString()!) is not { } bytes)
        {
            return PerceptronFailure.Invalid("input_audio.data must be plain base64 (no data: prefix).", param + ".data", "invalid_value");
        }

        parsed.ImageCount++;
        parsed.AudioParts++;
        parsed.Media.Add(new MediaInput("audio", PerceptronMedia.Describe("audio", format.GetString()!, bytes)));
        return null;
    }

    private static bool AudioInVideo(JsonElement root) =>
        root.TryGetProperty("vision_config", out var vc) && vc.ValueKind == JsonValueKind.Object
        && vc.TryGetProperty("enable_audio_in_video", out var audio) && audio.ValueKind == JsonValueKind.True;

    private static PerceptronFailure? ReadImageUrl(string url, string param, ParsedMessages parsed)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var m = DataUrl().Match(url);
            if (!m.Success)
            {
                return PerceptronFailure.Invalid("Invalid data URL: expected data:(image|video|audio)/<type>;base64,<data>.", param, "invalid_image_url");
            }

            var kind = m.Groups["kind"].Value.ToLowerInvariant();
            var subtype = m.Groups["sub"].Value.ToLowerInvariant();
            if (kind != "image")
            {
                return PerceptronFailure.Invalid($"An image_url part holds a data:{kind}/ URL; send it as a {kind} part.", param, "invalid_data_url");
            }

            if (!ImageTypes.Contains(subtype))
            {
                return PerceptronFailure.Invalid($"Unsupported image type 'image/{subtype}'; use image/png, image/jpeg or image/webp.", param, "invalid_image_format");
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(url[m.Length..]);
            }
            catch (FormatException)
            {
                return PerceptronFailure.Invalid("The data URL does not hold valid base64.", param, "invalid_image_url");
            }

            parsed.ImageCount++;
            parsed.Images.Add(new ImageInput("image/" + subtype, bytes, null));
            parsed.Media.Add(new MediaInput("image", "an image"));
            return null;
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            parsed.ImageCount++;
            // An uploaded file's content URL (the docs allow it in image_url) is read from the store, not fetched.
            var stored = PerceptronMedia.UploadedFileId(uri) is { } id && parsed.Files?.Get(id) is { } file && file.MediaType.StartsWith("image/", StringComparison.Ordinal)
                ? new ImageInput(file.MediaType, File.ReadAllBytes(parsed.Files.PathOf(id)), null)
                : null;
            parsed.Images.Add(stored ?? new ImageInput(null, null, uri));
            parsed.Media.Add(new MediaInput("image", "an image"));
            return null;
        }

        return PerceptronFailure.Invalid("image_url.url must be an http(s) URL or a base64 data URL.", param, "invalid_image_url");
    }

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static int? OptionalInt(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static (ChatInput?, PerceptronFailure?) Fail(PerceptronFailure error) => (null, error);

    [GeneratedRegex(@"^data:(?<kind>image|video|audio)/(?<sub>[^;,]+);base64,", RegexOptions.IgnoreCase)]
    internal static partial Regex DataUrl();

    private sealed class ParsedMessages
    {
        public string SystemText { get; set; } = "";

        public string LastUserText { get; set; } = "";

        public int Chars { get; set; }

        public int ImageCount { get; set; }

        public bool HasToolResults { get; set; }

        public List<ImageInput> Images { get; } = [];

        /// <summary>The image of the latest user turn, which an assistant turn with tags makes an example.</summary>
        public byte[]? ExampleImage { get; set; }

        public List<(byte[] Image, string Tags)> Examples { get; } = [];

        public List<MediaInput> Media { get; } = [];

        public int AudioParts { get; set; }

        public int WholeVideos { get; set; }

        public FileStore? Files { get; init; }
    }
}
