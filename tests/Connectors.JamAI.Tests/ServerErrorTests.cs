using System.Net;
using System.Text.Json.Nodes;
using Connectors.Core;
using Microsoft.Extensions.AI;

namespace Connectors.JamAI.Tests;

/// <summary>Error replies exactly as the current JamAI Base server writes them.</summary>
public sealed class ServerErrorTests
{
    private const string FieldsMessage =
        "jamai returned HTTP 422{0}: the request has invalid fields: temperature: Input should be greater than or equal to 0; messages[1].role: Input should be 'system', 'user' or 'assistant'.";

    private static async Task<ChatServiceException> FailAsync(Func<ScriptedHandler, ScriptedHandler> script)
    {
        using var client = Clients.Create(script(new ScriptedHandler()));
        return await Assert.ThrowsAnyAsync<ChatServiceException>(() => client.GetResponseAsync([new(ChatRole.User, "Hi")], cancellationToken: TestContext.Current.CancellationToken));
    }

    /// <summary>A case's body with changes, sent with the case's status.</summary>
    private static Func<ScriptedHandler, ScriptedHandler> Edited(string shape, Action<JsonObject> edit) => handler =>
    {
        var body = JsonNode.Parse(ServerShapes.Raw(shape))!.AsObject();
        edit(body);
        return handler.Json(body.ToJsonString(), (HttpStatusCode)(int)ServerShapes.Case(shape)["status"]!);
    };

    [Fact]
    public async Task FastAPI_validation_errors_name_each_field_once()
    {
        var e = await FailAsync(static h => h.Replay("error_422_validation_head_fastapi_default"));

        var invalid = Assert.IsType<ChatInvalidRequestException>(e);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, FieldsMessage, ""), invalid.Message);
        Assert.False(invalid.IsRetryable);
    }

    [Fact]
    public async Task JamAI_validation_errors_read_the_same_without_doubled_text()
    {
        var e = await FailAsync(static h => h.Replay("error_422_validation_jamai_handler"));

        Assert.IsType<ChatInvalidRequestException>(e);
        Assert.Equal("validation_error", e.ErrorCode);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, FieldsMessage, " (validation_error)"), e.Message);
    }

    [Fact]
    public async Task A_large_error_body_keeps_its_code_and_message()
    {
        // Older servers echo the whole request after the error fields: with an image it runs to megabytes.
        var e = await FailAsync(Edited("error_422_validation_jamai_handler", static body =>
            body["body"]!["messages"]![0]!["content"] = new string('A', 600_000)));

        Assert.Equal("validation_error", e.ErrorCode);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, FieldsMessage, " (validation_error)"), e.Message);
    }

    [Fact]
    public async Task A_501_for_deployments_on_cooldown_is_retryable_and_one_for_no_deployments_is_not()
    {
        var cooldown = await FailAsync(static h => h.Replay("error_501_cooldown"));
        var none = await FailAsync(Edited("error_501_cooldown", static body =>
            body["message"] = "No deployments found for model \"Claude Haiku 4.5\"."));

        Assert.True(cooldown.IsRetryable);
        Assert.False(none.IsRetryable);
        Assert.All([cooldown, none], static e => Assert.Equal(HttpStatusCode.NotImplemented, e.StatusCode));
    }

    [Fact]
    public async Task The_gateways_own_provider_key_failing_is_not_the_callers_authentication_error()
    {
        var e = await FailAsync(Edited("error_401_unauthorized", static body =>
        {
            body["error"] = "external_authentication_failed";
            body["message"] = "OpenAI rejected the API key.";
        }));

        Assert.IsNotType<ChatAuthenticationException>(e);
        Assert.IsType<ChatServerException>(e);
        Assert.Equal("external_authentication_failed", e.ErrorCode);
        Assert.Contains("your token was accepted", e.Message, StringComparison.Ordinal);
        Assert.Contains("OpenAI rejected the API key.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_callers_bad_token_is_an_authentication_error()
    {
        var e = await FailAsync(static h => h.Replay("error_401_unauthorized"));

        Assert.IsType<ChatAuthenticationException>(e);
        Assert.Equal("jamai returned HTTP 401 (unauthorized): You provided an invalid authorization token.", e.Message);
    }
}
