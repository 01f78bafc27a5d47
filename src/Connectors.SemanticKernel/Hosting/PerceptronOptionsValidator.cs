using Connectors.Perceptron;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Connectors.SemanticKernel;

/// <summary>Checks Perceptron options at start-up, naming the setting to fix by its configuration path.</summary>
internal sealed class PerceptronOptionsValidator(string optionsName, string settingPrefix, IConfiguration? configuration = null) : IValidateOptions<PerceptronClientOptions>
{
    public ValidateOptionsResult Validate(string? name, PerceptronClientOptions options)
    {
        if (!string.Equals(name ?? Options.DefaultName, optionsName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        // A blank "Endpoint" in configuration is a forgotten setting: fail rather than fall back to the cloud address.
        if (options.Endpoint is null || configuration?["Endpoint"] is { } written && string.IsNullOrWhiteSpace(written) || !options.Endpoint.IsAbsoluteUri || options.Endpoint.Scheme is not ("http" or "https"))
        {
            return ValidateOptionsResult.Fail(
                $"{settingPrefix}:Endpoint is missing or not an absolute http(s) URL: set it to {PerceptronClientOptions.DefaultEndpoint} or the emulator's address (including /v1).");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey) && !options.Endpoint.IsLoopback)
        {
            return ValidateOptionsResult.Fail(
                $"{settingPrefix}:ApiKey is not set: set it to your Perceptron API key (keep it in user secrets or an environment variable), or point {settingPrefix}:Endpoint at the local emulator.");
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
