using System.Net;
using Connectors.Emulator.Faults;
using Connectors.Emulator.Rules;

namespace Connectors.Emulator.Tests;

public sealed class FaultTests : EmulatorTestBase
{
    private Task<HttpResponseMessage> PerceptronAsync(string fault, bool stream = false, int? delay = null) =>
        PostAsync("/v1/chat/completions", PerceptronBody("Tell me a long story about seven little red foxes", stream: stream), Headers(fault, delay));

    private Task<HttpResponseMessage> JamAIAsync(string fault, bool stream = false, int? delay = null) =>
        PostAsync("/api/v1/chat/completions", JamAIBody("Tell me a long story about seven little red foxes", stream: stream), Headers(fault, delay));

    private static (string, string)[] Headers(string fault, int? delay) =>
        delay is null ? [(EmulatorFaults.FaultHeader, fault)] : [(EmulatorFaults.FaultHeader, fault), (EmulatorFaults.DelayHeader, delay.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    [Theory]
    [InlineData(EmulatorFaults.RateLimit, 429, "429-rate-limit.json", "30")]
    [InlineData(EmulatorFaults.InsufficientQuota, 429, "429-insufficient-quota.json", null)]
    [InlineData(EmulatorFaults.Overloaded, 503, "503-overloaded.json", "30")]
    [InlineData(EmulatorFaults.ServerErrorNested, 500, "500-nested.json", null)]
    public async Task Perceptron_error_faults_match_the_fixtures(string fault, int status, string fixture, string? retryAfter)
    {
        using var response = await PerceptronAsync(fault);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(retryAfter, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Compact(File.ReadAllText(Fixtures.Path("errors/" + fixture))), Compact(await response.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(fault, Server.RequestLog.Last("/v1/chat/completions")!.Fault);
    }

    [Fact]
    public async Task Model_listings_take_error_faults_too()
    {
        using var p = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        p.Headers.Add(EmulatorFaults.FaultHeader, EmulatorFaults.Overloaded);
        using var perceptron = await Http.SendAsync(p, Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, perceptron.StatusCode);
        Assert.Equal("model_overloaded", (string?)(await JsonAsync(perceptron))["error"]!["code"]);

        using var j = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models");
        j.Headers.Add(EmulatorFaults.FaultHeader, EmulatorFaults.RateLimit);
        using var jamai = await Http.SendAsync(j, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, jamai.StatusCode);
        Assert.Equal("rate_limit_exceeded", (string?)(await JsonAsync(jamai))["error"]);
    }

    [Fact]
    public async Task Timeout_is_plain_text_504_in_both_dialects()
    {
        foreach (var response in new[] { await PerceptronAsync(EmulatorFaults.TimeoutPlain), await JamAIAsync(EmulatorFaults.TimeoutPlain) })
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
                Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
                Assert.Equal("upstream request timeout", await response.Content.ReadAsStringAsync(Ct));
            }
        }
    }

    [Theory]
    [InlineData(EmulatorFaults.RateLimit, 429, "rate_limit_exceeded")]
    [InlineData(EmulatorFaults.InsufficientQuota, 403, "insufficient_credits")]
    [InlineData(EmulatorFaults.Overloaded, 503, "busy")]
    [InlineData(EmulatorFaults.ServerErrorNested, 500, "unexpected_error")]
    public async Task JamAI_error_faults_use_the_jamai_shape(string fault, int status, string code)
    {
        using var response = await JamAIAsync(fault);
        Assert.Equal(status, (int)response.StatusCode);
        var json = await JsonAsync(response);
        Assert.Equal("error", (string?)json["object"]);
        Assert.Equal(code, (string?)json["error"]);
        Assert.Equal(response.Headers.GetValues("x-request-id").Single(), (string?)json["request_id"]);
        if (status is 429 or 503)
        {
            Assert.Equal(30, response.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
        }

        if (status == 429)
        {
            foreach (var header in new[] { "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Used" })
            {
                Assert.True(response.Headers.Contains(header), header);
            }
        }
    }

    [Fact]
    public async Task Perceptron_midstream_error_sends_text_then_an_error_event_without_done()
    {
        using var response = await PerceptronAsync(EmulatorFaults.MidstreamError, stream: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = await EventsAsync(response);
        Assert.DoesNotContain("[DONE]", events);
        Assert.Contains("content", events[0], StringComparison.Ordinal);
        var error = Parse(events[^1])["error"]!;
        Assert.Equal("server_error", (string?)error["type"]);
        Assert.Equal("internal_error", (string?)error["code"]);
        Assert.Equal("Generation failed.", (string?)error["message"]);
    }

    [Fact]
    public async Task JamAI_midstream_error_ends_with_an_error_chunk_and_no_done()
    {
        using var response = await JamAIAsync(EmulatorFaults.MidstreamError, stream: true);
        var events = await EventsAsync(response);
        Assert.DoesNotContain("[DONE]", events);
        var last = Parse(events[^1])["choices"]![0]!;
        Assert.Equal("error", (string?)last["finish_reason"]);
        Assert.StartsWith("[ERROR]", (string?)last["delta"]!["content"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cut_stream_ends_without_done_in_both_dialects()
    {
        using var p = await PerceptronAsync(EmulatorFaults.CutStream, stream: true);
        var pe = await EventsAsync(p);
        Assert.NotEmpty(pe);
        Assert.DoesNotContain("[DONE]", pe);
        Assert.DoesNotContain(pe, e => e.Contains("finish_reason", StringComparison.Ordinal));

        using var j = await JamAIAsync(EmulatorFaults.CutStream, stream: true);
        var je = await EventsAsync(j);
        Assert.NotEmpty(je);
        Assert.DoesNotContain("[DONE]", je);
    }

    [Fact]
    public async Task Cut_non_streaming_body_is_truncated_json()
    {
        using var response = await PerceptronAsync(EmulatorFaults.CutStream);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("{\"id\":", text, StringComparison.Ordinal);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.JsonDocument.Parse(text));
    }

    [Fact]
    public async Task Drop_connection_aborts_the_request()
    {
        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            using var response = await PerceptronAsync(EmulatorFaults.DropConnection);
            await response.Content.ReadAsStringAsync(Ct);
        });

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await JamAIAsync(EmulatorFaults.DropConnection, stream: true);
            await EventsAsync(response);
        });

        var entry = Server.RequestLog.Last("/api/v1/chat/completions")!;
        Assert.Equal(EmulatorFaults.DropConnection, entry.Fault);
        Assert.False(entry.ClientAborted);
    }

    [Fact]
    public async Task Slow_first_byte_delays_the_headers()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var response = await PerceptronAsync(EmulatorFaults.SlowFirstByte, delay: 600);
        Assert.True(watch.ElapsedMilliseconds >= 550, $"{watch.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var fast = await PostAsync("/v1/chat/completions", PerceptronBody("hi"));
        Assert.Equal(HttpStatusCode.OK, fast.StatusCode);
    }

    [Fact]
    public async Task Slow_first_byte_trips_a_client_timeout()
    {
        using var client = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromMilliseconds(300) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer k");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(PerceptronBody("hi").ToJsonString()) };
        request.Headers.Add(EmulatorFaults.FaultHeader, EmulatorFaults.SlowFirstByte);
        request.Headers.Add(EmulatorFaults.DelayHeader, "5000");
        await Assert.ThrowsAsync<TaskCanceledException>(() => client.SendAsync(request, Ct));
        Assert.True(await Server.RequestLog.WaitForClientAbortAsync(TimeSpan.FromSeconds(10), "/v1/chat/completions", Ct));
    }

    [Fact]
    public async Task Slow_drip_spaces_the_chunks_and_sends_keep_alives()
    {
        Server.Rules.When("drip", new RuleReply { Text = "one two three" });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var response = await PostAsync("/v1/chat/completions", PerceptronBody("drip", stream: true), (EmulatorFaults.FaultHeader, EmulatorFaults.SlowDrip), (EmulatorFaults.DelayHeader, "1200"));
        var raw = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(watch.ElapsedMilliseconds >= 2300, $"{watch.ElapsedMilliseconds} ms");
        Assert.True(raw.Split(": keep-alive").Length - 1 >= 3);
        Assert.EndsWith("data: [DONE]\n\n", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rule_fault_and_times_give_one_failure_then_success()
    {
        Server.Rules.Add(new EmulatorRule { Name = "flaky", Times = 1, Reply = new RuleReply { Fault = EmulatorFaults.Overloaded } });
        using var first = await PostAsync("/v1/chat/completions", PerceptronBody("hi"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        using var second = await PostAsync("/v1/chat/completions", PerceptronBody("hi"));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Unknown_fault_header_is_ignored_and_unknown_rule_fault_is_refused()
    {
        using var response = await PerceptronAsync("no_such_fault");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Throws<ArgumentException>(() => Server.Rules.Add(new EmulatorRule { Reply = new RuleReply { Fault = "no_such_fault" } }));
    }
}

public sealed class RateLimitTests : EmulatorTestBase
{
    protected override EmulatorOptions CreateOptions() => new() { RateLimitPerMinute = 3, ModelsRateLimitPerMinute = 2 };

    [Fact]
    public async Task Perceptron_limit_per_key_returns_429_with_retry_after()
    {
        for (var i = 0; i < 3; i++)
        {
            using var ok = await PostAsync("/v1/chat/completions", PerceptronBody("hi"));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await PostAsync("/v1/chat/completions", PerceptronBody("hi"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 60);
        Assert.Equal("rate_limit_exceeded", (string?)(await JsonAsync(limited))["error"]!["code"]);
        Assert.False(limited.Headers.Contains("X-RateLimit-Limit"));

        // Another key has its own window.
        using var other = new HttpClient { BaseAddress = Server.BaseAddress };
        other.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer another");
        using var fresh = await other.PostAsync("/v1/chat/completions", new StringContent(PerceptronBody("hi").ToJsonString()), Ct);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);

        // JamAI chat shares the per-key chat budget and reports the X-RateLimit headers.
        using var jamai = await PostAsync("/api/v1/chat/completions", JamAIBody("hi"));
        Assert.Equal(HttpStatusCode.TooManyRequests, jamai.StatusCode);
        Assert.Equal("3", jamai.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("0", jamai.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal("3", jamai.Headers.GetValues("X-RateLimit-Used").Single());
        Assert.Equal("rate_limit_exceeded", (string?)(await JsonAsync(jamai))["error"]);
    }

    [Fact]
    public async Task Perceptron_models_have_their_own_smaller_limit()
    {
        using var a = await Http.GetAsync("/v1/models", Ct);
        using var b = await Http.GetAsync("/v1/models", Ct);
        using var c = await Http.GetAsync("/v1/models", Ct);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, c.StatusCode);
    }
}
