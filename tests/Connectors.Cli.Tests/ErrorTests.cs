using System.Net;
using System.Net.Sockets;
using Connectors.Cli.Hosting;
using Connectors.Cli.Tests.Infrastructure;
using Connectors.Core;
using Connectors.Emulator;
using Connectors.Emulator.Rules;
using Connectors.Emulator.Scenes;

namespace Connectors.Cli.Tests;

/// <summary>What a new user runs into: each ends in one sentence with the fix, and the documented exit code.</summary>
public sealed class ErrorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Image() => _folder.Scene(SceneGenerator.Generate(320, 240, 2, seed: 1));

    internal static void AssertOneSentenceWithoutStack(CliResult result)
    {
        Assert.Empty(result.Out);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Connectors.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_path_is_a_usage_error_naming_the_full_path()
    {
        var result = await Tool.RunAsync("detect", "does/not/exist.png", "--emulator");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        AssertOneSentenceWithoutStack(result);
        Assert.Contains(Path.GetFullPath("does/not/exist.png"), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_file_given_as_an_image_is_a_usage_error()
    {
        var notes = _folder.File("notes.txt");
        await File.WriteAllTextAsync(notes, "just some text, not pixels", TestContext.Current.CancellationToken);

        var result = await Tool.RunAsync("count", notes, "cats", "--emulator");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        AssertOneSentenceWithoutStack(result);
        Assert.Contains("is not a PNG, JPEG or WebP image", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_json_an_error_is_also_a_json_document_on_standard_output()
    {
        var result = await Tool.RunAsync("detect", "does/not/exist.png", "--emulator", "--json");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var json = System.Text.Json.Nodes.JsonNode.Parse(result.Out)!;
        Assert.Equal(ExitCodes.Usage, (int)json["exitCode"]!);
        Assert.Contains(Path.GetFullPath("does/not/exist.png"), (string?)json["error"], StringComparison.Ordinal);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal); // people still read stderr
    }

    [Theory]
    [InlineData("'--emulator'", "detect", "a.png", "--emulater")]
    [InlineData("'--classes'", "detect", "a.png", "--clases", "cars", "--emulator")]
    [InlineData("'detect'", "detcet", "a.png")]
    [InlineData("'--json'", "models", "--jsn", "--emulator")]
    public async Task A_mistyped_option_or_command_gets_the_nearest_suggestion(string suggestion, params string[] args)
    {
        var result = await Tool.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"Did you mean {suggestion}?", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_close_to_nothing_gets_no_suggestion_and_json_usage_errors_are_documents()
    {
        var result = await Tool.RunAsync("detect", "a.png", "--frobnicate", "--json");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.DoesNotContain("Did you mean", result.Error, StringComparison.Ordinal);
        var json = System.Text.Json.Nodes.JsonNode.Parse(result.Out)!;
        Assert.Equal(ExitCodes.Usage, (int)json["exitCode"]!);
        Assert.Contains("--frobnicate", (string?)json["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_given_as_an_image_is_a_usage_error()
    {
        var result = await Tool.RunAsync("ocr", _folder.Path, "--emulator");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("is a folder", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("detect")]
    [InlineData("frobnicate")]
    [InlineData("models", "--dialect", "openai")]
    [InlineData("grounding", "parse", "a.txt", "--width", "wide")]
    public async Task Unknown_commands_bad_values_and_missing_arguments_are_usage_errors(params string[] args)
    {
        var result = await Tool.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("so it needs --image too", "ask", "hi", "--out", "a.png", "--emulator")]
    [InlineData("exclude each other", "ask", "hi", "--emulator", "--endpoint", "http://127.0.0.1:1/v1")]
    [InlineData("--retries must be between 0 and 10", "ask", "hi", "--emulator", "--retries", "99")]
    [InlineData("--think is the Perceptron THINK hint", "chat", "hi", "--dialect", "jamai", "--think", "--emulator")]
    public async Task Options_that_cannot_go_together_are_usage_errors(string expected, params string[] args)
    {
        var result = await Tool.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        AssertOneSentenceWithoutStack(result);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_endpoint_is_a_usage_error()
    {
        var result = await Tool.RunAsync("detect", Image(), "--endpoint", "not a url");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--endpoint must be an absolute http(s) URL", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_exits_with_the_unreachable_code()
    {
        var result = await Tool.RunAsync("detect", Image(), "--endpoint", $"http://127.0.0.1:{ClosedPort()}/v1", "--retries", "0");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        AssertOneSentenceWithoutStack(result);
        Assert.Contains("Could not reach", result.Error, StringComparison.Ordinal);
        Assert.Contains("--endpoint", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_url_that_fails_is_a_usage_error()
    {
        await using var server = await EmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var result = await Tool.RunAsync("detect", new Uri(server.BaseAddress, "missing.png").ToString(), "--emulator");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("HTTP 404", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_is_a_service_error_that_names_it()
    {
        var result = await Tool.RunAsync("ask", "hello", "--emulator", "--model", "isaac-9000");

        Assert.Equal(ExitCodes.ServiceError, result.ExitCode);
        AssertOneSentenceWithoutStack(result);
        Assert.Contains("isaac-9000", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rate_limits_say_when_to_try_again()
    {
        var error = new ChatRateLimitException("Too many requests") { ProviderName = "perceptron", RetryAfter = TimeSpan.FromSeconds(30), RequestId = "tr_1" };

        var (message, code) = ErrorReport.Describe(error);

        Assert.Equal(ExitCodes.ServiceError, code);
        Assert.Equal("Perceptron is rate limiting this key (HTTP 429): Too many requests. Try again in 30 s. Request id: tr_1.", message);
    }

    [Fact]
    public void Authentication_failures_name_the_variable_to_check()
    {
        var (message, code) = ErrorReport.Describe(new ChatAuthenticationException("Invalid token") { ProviderName = "jamai" });

        Assert.Equal(ExitCodes.ServiceError, code);
        Assert.Contains("Check JAMAI_TOKEN", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unforeseen_failures_point_to_verbose()
    {
        var (message, code) = ErrorReport.Describe(new InvalidOperationException("boom"));

        Assert.Equal(ExitCodes.Unexpected, code);
        Assert.Contains("--verbose", message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>Settings read from the environment: missing or wrong keys for the real services.</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class ConfigurationErrorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task No_perceptron_key_for_the_real_api_says_which_variable_to_set()
    {
        using var scope = new EnvironmentScope();
        var image = _folder.Scene(SceneGenerator.Generate(320, 240, 1, seed: 2));

        var result = await Tool.RunAsync("detect", image);

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        Assert.Contains("PERCEPTRON_API_KEY", result.Error, StringComparison.Ordinal);
        Assert.Contains("--emulator", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task No_jamai_token_for_the_cloud_says_which_variable_to_set()
    {
        using var scope = new EnvironmentScope();

        var result = await Tool.RunAsync("chat", "hello", "--dialect", "jamai");

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        Assert.Contains("JAMAI_TOKEN", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_base_url_variable_is_a_configuration_error()
    {
        using var scope = new EnvironmentScope(("PERCEPTRON_BASE_URL", "api.perceptron.inc"), ("PERCEPTRON_API_KEY", "k"));

        var result = await Tool.RunAsync("models");

        Assert.Equal(ExitCodes.Configuration, result.ExitCode);
        Assert.Contains("PERCEPTRON_BASE_URL", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_error_is_one_sentence_and_verbose_adds_the_stack_trace()
    {
        using var scope = new EnvironmentScope(("PERCEPTRON_API_KEY", "test-key"));
        await using var server = await EmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Rules.Add(new EmulatorRule { Reply = new RuleReply { Fault = "insufficient_quota" } });
        string[] args = ["ask", "hello", "--endpoint", server.PerceptronEndpoint.ToString()];

        var plain = await Tool.RunAsync(args);
        var verbose = await Tool.RunAsync([.. args, "--verbose"]);

        Assert.Equal(ExitCodes.ServiceError, plain.ExitCode);
        ErrorTests.AssertOneSentenceWithoutStack(plain);
        Assert.Contains("out of credits or quota", plain.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ServiceError, verbose.ExitCode);
        Assert.Contains("ChatQuotaExceededException", verbose.Error, StringComparison.Ordinal);
        Assert.Contains(" at ", verbose.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_cancels_cleanly_with_exit_code_130()
    {
        using var scope = new EnvironmentScope(("PERCEPTRON_API_KEY", "test-key"));
        await using var server = await EmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        server.Rules.Add(new EmulatorRule { Reply = new RuleReply { Text = "late", Fault = "slow_first_byte" } });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var result = await Tool.RunAsync(["ask", "hello", "--endpoint", server.PerceptronEndpoint.ToString()], cancellationToken: cts.Token);

        Assert.Equal(ExitCodes.Cancelled, result.ExitCode);
        Assert.Equal("Cancelled.", result.Error.Trim());
    }

    [Fact]
    public async Task A_key_the_service_refuses_is_a_service_error_naming_the_variable()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { ApiKeys = { "the-right-key" } }, TestContext.Current.CancellationToken);
        using var scope = new EnvironmentScope(("PERCEPTRON_API_KEY", "a-wrong-key"), ("PERCEPTRON_BASE_URL", server.PerceptronEndpoint.ToString()));

        var result = await Tool.RunAsync("ask", "hello");

        Assert.Equal(ExitCodes.ServiceError, result.ExitCode);
        Assert.Contains("PERCEPTRON_API_KEY", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("a-wrong-key", result.Error, StringComparison.Ordinal);
    }
}
