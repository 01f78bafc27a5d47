using Connectors.JamAI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Connectors.SemanticKernel;

/// <summary>Checks JamAI options at start-up, naming the setting to fix by its configuration path.</summary>
internal sealed class JamAIOptionsValidator(string optionsName, string settingPrefix, IConfiguration? configuration = null) : IValidateOptions<JamAIClientOptions>
{
    public ValidateOptionsResult Validate(string? name, JamAIClientOptions options)
    {
        if (!string.Equals(name ?? Options.DefaultName, optionsName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        // A blank "Endpoint" in configuration is a forgotten setting: fail rather than fall back to the cloud address.
        if (options.Endpoint is null || configuration?["Endpoint"] is { } written && string.IsNullOrWhiteSpace(written) || !options.Endpoint.IsAbsoluteUri || options.Endpoint.Scheme is not ("http" or "https"))
        {
            return ValidateOptionsResult.Fail(
                $"{settingPrefix}:Endpoint is missing or not an absolute http(s) URL: set it to {JamAIClientOptions.DefaultEndpoint} or your gateway's API base (including /api).");
        }

        // The cloud always needs a token; a self-hosted gateway may run without one.
        if (string.IsNullOrWhiteSpace(options.Token) && options.Endpoint.Host.Equals(JamAIClientOptions.DefaultEndpoint.Host, StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail(
                $"{settingPrefix}:Token is not set: JamAI Base cloud needs a personal access token (keep it in user secrets or an environment variable), or set {settingPrefix}:Endpoint to a self-hosted gateway.");
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"{settingPrefix}: {e.Message}");
        }

        return ValidateOptionsResult.Success;
    }
}
