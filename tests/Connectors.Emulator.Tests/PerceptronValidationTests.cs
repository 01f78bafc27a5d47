using System.Net;
using System.Text.Json.Nodes;

namespace Connectors.Emulator.Tests;

public sealed class PerceptronValidationTests : EmulatorTestBase
{
    private const string Png1x1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    public static TheoryData<string, string, int, string?, string?> BadBodies => new()
    {
        { "unknown role", """{"model":"perceptron-mk1.5","messages":[{"role":"developer","content":"hi"}]}""", 400, "messages[0].role", "invalid_value" },
        { "unknown part type", """{"model":"perceptron-mk1.5","messages":[{"role":"user","content":[{"type":"file","file":{}}]}]}""", 400, "messages[0].content[0].type", "invalid_value" },
        { "bad data url", """{"model":"perceptron-mk1.5","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,abc"}}]}]}""", 400, "messages[0].content[0].image_url.url", "invalid_image_url" },
        { "gif image", $$$"""{"model":"perceptron-mk1.5","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/gif;base64,{{{Png1x1}}}"}}]}]}""", 400, "messages[0].content[0].image_url.url", "invalid_image_format" },
        { "ftp url", """{"model":"perceptron-mk1.5","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x/y.png"}}]}]}""", 400, "messages[0].content[0].image_url.url", "invalid_image_url" },
        { "n=2", """{"model":"perceptron-mk1.5","n":2,"messages":[{"role":"user","content":"hi"}]}""", 400, "n", "invalid_value" },
        { "json_object", """{"model":"perceptron-mk1.5","response_format":{"type":"json_object"},"messages":[{"role":"user","content":"hi"}]}""", 400, "response_format", "unsupported_parameter" },
        { "regex with schema", """{"model":"perceptron-mk1.5","regex":"a+","response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"}}},"messages":[{"role":"user","content":"hi"}]}""", 400, "regex", "unsupported_parameter" },
        { "regex with tools", """{"model":"perceptron-mk1.5","regex":"a+","tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"user","content":"hi"}]}""", 400, "regex", "unsupported_parameter" },
        { "invalid regex", """{"model":"perceptron-mk1.5","regex":"(a","messages":[{"role":"user","content":"hi"}]}""", 400, "regex", "invalid_regex" },
        { "stop", """{"model":"perceptron-mk1.5","stop":["x"],"messages":[{"role":"user","content":"hi"}]}""", 400, "stop", "unsupported_parameter" },
        { "seed", """{"model":"perceptron-mk1.5","seed":1,"messages":[{"role":"user","content":"hi"}]}""", 400, "seed", "unsupported_parameter" },
        { "logprobs", """{"model":"perceptron-mk1.5","logprobs":true,"messages":[{"role":"user","content":"hi"}]}""", 400, "logprobs", "unsupported_parameter" },
        { "top_logprobs", """{"model":"perceptron-mk1.5","top_logprobs":2,"messages":[{"role":"user","content":"hi"}]}""", 400, "top_logprobs", "unsupported_parameter" },
        { "logit_bias", """{"model":"perceptron-mk1.5","logit_bias":{},"messages":[{"role":"user","content":"hi"}]}""", 400, "logit_bias", "unsupported_parameter" },
        { "user", """{"model":"perceptron-mk1.5","user":"u","messages":[{"role":"user","content":"hi"}]}""", 400, "user", "unsupported_parameter" },
        { "metadata", """{"model":"perceptron-mk1.5","metadata":{},"messages":[{"role":"user","content":"hi"}]}""", 400, "metadata", "unsupported_parameter" },
        { "store", """{"model":"perceptron-mk1.5","store":false,"messages":[{"role":"user","content":"hi"}]}""", 400, "store", "unsupported_parameter" },
        { "service_tier", """{"model":"perceptron-mk1.5","service_tier":"auto","messages":[{"role":"user","content":"hi"}]}""", 400, "service_tier", "unsupported_parameter" },
        { "temperature", """{"model":"perceptron-mk1.5","temperature":3,"messages":[{"role":"user","content":"hi"}]}""", 400, "temperature", "invalid_temperature" },
        { "top_p", """{"model":"perceptron-mk1.5","top_p":0,"messages":[{"role":"user","content":"hi"}]}""", 400, "top_p", "invalid_value" },
        { "tool_choice required", """{"model":"perceptron-mk1.5","tool_choice":"required","tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"user","content":"hi"}]}""", 400, "tool_choice", "unsupported_parameter" },
        { "tools on isaac-0.1", """{"model":"isaac-0.1","tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"user","content":"hi"}]}""", 400, "tools", "unsupported_parameter" },
        { "focus not alone", """{"model":"perceptron-mk1.5","tools":[{"type":"perceptron.FOCUS"},{"type":"function","function":{"name":"f"}}],"messages":[{"role":"user","content":"hi"}]}""", 400, "tools", "invalid_value" },
        { "reasoning_effort", """{"model":"perceptron-mk1.5","reasoning_effort":"max","messages":[{"role":"user","content":"hi"}]}""", 400, "reasoning_effort", "invalid_value" },
        { "empty messages", """{"model":"perceptron-mk1.5","messages":[]}""", 400, "messages", "invalid_value" },
        { "unknown model", """{"model":"gpt-4","messages":[{"role":"user","content":"hi"}]}""", 404, "model", "model_not_found" },
        { "not json", """{"model":""", 400, null, "invalid_json" },
        { "one frame", $$$"""{"model":"perceptron-mk1.5","messages":[{"role":"user","content":[{"type":"video_frames","video_frames":{"frames":[{"image_url":{"url":"data:image/png;base64,{{{Png1x1}}}"},"timestamp_ms":0}]}}]}]}""", 400, "messages[0].content[0].video_frames.frames", "invalid_video_frames" },
        { "frames going back in time", $$$"""{"model":"perceptron-mk1.5","messages":[{"role":"user","content":[{"type":"video_frames","video_frames":{"frames":[{"image_url":{"url":"data:image/png;base64,{{{Png1x1}}}"},"timestamp_ms":500},{"image_url":{"url":"data:image/png;base64,{{{Png1x1}}}"},"timestamp_ms":400}]}}]}]}""", 400, "messages[0].content[0].video_frames.frames[1].timestamp_ms", "invalid_video_frames" },
        { "frame with an extra key", $$$"""{"model":"perceptron-mk1.5","messages":[{"role":"user","content":[{"type":"video_frames","video_frames":{"frames":[{"image_url":{"url":"data:image/png;base64,{{{Png1x1}}}"},"timestamp_ms":0,"image_file_id":{"file_id":"file-x"}},{"image_url":{"url":"data:image/png;base64,{{{Png1x1}}}"},"timestamp_ms":1}]}}]}]}""", 400, "messages[0].content[0].video_frames.frames[0]", "invalid_video_frames" },
        { "fractional frame time", $$$"""{"model":"perceptron-mk1.5","messages":[{"role":"user","content":[{"type":"video_frames","video_frames":{"frames":[{"image_url":{"url":"data:image/png;base64,{{{Png1x1}}}"},"timestamp_ms":0.5},{"image_url":{"url":"data:image/png;base64,{{{Png1x1}}}"},"timestamp_ms":1}]}}]}]}""", 400, "messages[0].content[0].video_frames.frames[0].timestamp_ms", "invalid_video_frames" },
        { "video data url as a frame", $$$"""{"model":"perceptron-mk1.5","messages":[{"role":"user","content":[{"type":"video_frames","video_frames":{"frames":[{"image_url":{"url":"data:video/mp4;base64,{{{Png1x1}}}"},"timestamp_ms":0},{"image_url":{"url":"data:image/png;base64,{{{Png1x1}}}"},"timestamp_ms":1}]}}]}]}""", 400, "messages[0].content[0].video_frames.frames[0].image_url.url", "invalid_data_url" },
        { "image data url in a video part", $$$"""{"model":"perceptron-mk1.5","messages":[{"role":"user","content":[{"type":"video_url","video_url":{"url":"data:image/png;base64,{{{Png1x1}}}"}}]}]}""", 400, "messages[0].content[0].video_url.url", "invalid_data_url" },
        { "video data url in an image part", $$$"""{"model":"perceptron-mk1.5","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:video/mp4;base64,{{{Png1x1}}}"}}]}]}""", 400, "messages[0].content[0].image_url.url", "invalid_data_url" },
        { "ogg audio", """{"model":"perceptron-mk1.5","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"T2dnUw==","format":"ogg"}}]}]}""", 400, "messages[0].content[0].input_audio.format", "invalid_audio_format" },
        { "audio with a data prefix", """{"model":"perceptron-mk1.5","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"data:audio/wav;base64,UklGRg==","format":"wav"}}]}]}""", 400, "messages[0].content[0].input_audio.data", "invalid_value" },
        { "audio in video not a boolean", """{"model":"perceptron-mk1.5","vision_config":{"enable_audio_in_video":"yes"},"messages":[{"role":"user","content":"hi"}]}""", 400, "vision_config.enable_audio_in_video", "invalid_vision_config" },
        { "output cap", """{"model":"isaac-0.2-1b","max_completion_tokens":9000,"messages":[{"role":"user","content":"hi"}]}""", 400, "max_completion_tokens", "invalid_value" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Invalid_requests_get_the_perceptron_error_shape(string why, string body, int status, string? param, string? code)
    {
        using var response = await PostRawAsync("/v1/chat/completions", body);
        Assert.True(status == (int)response.StatusCode, $"{why}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        var error = (await JsonAsync(response))["error"]!.AsObject();
        Assert.Equal(["message", "type", "param", "code"], error.Select(p => p.Key));
        Assert.Equal(param, (string?)error["param"]);
        Assert.Equal(code, (string?)error["code"]);
        Assert.Equal("invalid_request_error", (string?)error["type"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
        Assert.True(response.Headers.Contains("x-trace-id"));
    }

    [Fact]
    public async Task Tools_on_isaac_0_1_match_the_fixture_message()
    {
        using var response = await PostRawAsync("/v1/chat/completions", """{"model":"isaac-0.1","tools":[{"type":"function","function":{"name":"f"}}],"messages":[{"role":"user","content":"hi"}]}""");
        Assert.Equal("Model 'isaac-0.1' does not support tool calling", (string?)(await JsonAsync(response))["error"]!["message"]);
    }

    [Fact]
    public async Task Context_over_the_model_limit_is_refused_and_within_it_accepted()
    {
        // isaac-0.2-1b has 8K tokens; at ~4 characters a token 40,000 characters is about 10K.
        using var over = await PostAsync("/v1/chat/completions", PerceptronBody(new string('a', 40_000), "isaac-0.2-1b"));
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Equal("context_length_exceeded", (string?)(await JsonAsync(over))["error"]!["code"]);

        using var within = await PostAsync("/v1/chat/completions", PerceptronBody(new string('a', 20_000), "isaac-0.2-1b"));
        Assert.Equal(HttpStatusCode.OK, within.StatusCode);

        using var bigger = await PostAsync("/v1/chat/completions", PerceptronBody(new string('a', 40_000), "perceptron-mk1.5"));
        Assert.Equal(HttpStatusCode.OK, bigger.StatusCode);
    }

    [Fact]
    public async Task Images_have_a_fixed_token_cost_that_counts_toward_context()
    {
        var parts = new JsonArray();
        for (var i = 0; i < 33; i++)
        {
            parts.Add(new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "data:image/png;base64," + Png1x1 } });
        }

        var body = new JsonObject { ["model"] = "isaac-0.2-1b", ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = parts }) };
        using var response = await PostAsync("/v1/chat/completions", body);
        Assert.Equal("context_length_exceeded", (string?)(await JsonAsync(response))["error"]!["code"]);
    }

    [Fact]
    public async Task Body_over_20_MB_is_413_in_the_perceptron_shape()
    {
        var huge = new string('a', (20 * 1024 * 1024) + 10);
        using var response = await PostAsync("/v1/chat/completions", PerceptronBody(huge));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (string?)(await JsonAsync(response))["error"]!["code"]);
    }

    [Fact]
    public async Task Accepted_options_pass()
    {
        var body = """
        {"model":"perceptron-mk1.5","temperature":0,"top_p":1,"top_k":20,"frequency_penalty":0.5,"presence_penalty":-0.5,
         "max_completion_tokens":100,"reasoning_effort":"low","vision_config":{"annotation_format":"box","unknown_key":1},
         "response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"}}},
         "tool_choice":"auto","parallel_tool_calls":true,
         "messages":[{"role":"system","content":"s"},{"role":"user","content":[{"type":"text","text":"hi"},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="}}]},
                     {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                     {"role":"tool","tool_call_id":"c1","content":"42"},{"role":"user","content":"and?"}]}
        """;
        using var response = await PostRawAsync("/v1/chat/completions", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Max_completion_tokens_cuts_the_answer_with_finish_length()
    {
        var body = PerceptronBody("Please repeat this long sentence back to me in full, word for word, with nothing left out at all.");
        body["max_completion_tokens"] = 5;
        using var response = await PostAsync("/v1/chat/completions", body);
        var json = await JsonAsync(response);
        Assert.Equal("length", (string?)json["choices"]![0]!["finish_reason"]);
        Assert.Equal(5, (int)json["usage"]!["completion_tokens"]!);
        Assert.True(((string)json["choices"]![0]!["message"]!["content"]!).Length <= 20);
    }
}
