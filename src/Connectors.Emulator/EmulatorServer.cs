using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Connectors.Emulator.Hosting;
using Connectors.Emulator.JamAI;
using Connectors.Emulator.Knowledge;
using Connectors.Emulator.Logging;
using Connectors.Emulator.Perceptron;
using Connectors.Emulator.Rules;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Connectors.Emulator;

/// <summary>A running emulator of the Perceptron and JamAI Base chat services on Kestrel.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;
    private int _disposed;

    private EmulatorServer(WebApplication app, EmulatorState state, Uri baseAddress)
    {
        _app = app;
        _state = state;
        BaseAddress = baseAddress;
    }

    /// <summary>Root address, e.g. <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Perceptron base URL (<c>…/v1</c>), as the vendor SDKs expect in <c>PERCEPTRON_BASE_URL</c>.</summary>
    public Uri PerceptronEndpoint => new(BaseAddress, "v1");

    /// <summary>JamAI base URL (<c>…/api</c>), as the vendor SDKs expect in <c>JAMAI_API_BASE</c>.</summary>
    public Uri JamAIEndpoint => new(BaseAddress, "api");

    /// <summary>The options the server was started with.</summary>
    internal EmulatorOptions Options => _state.Options;

    /// <summary>Scripted-reply rules; change them while the server runs.</summary>
    public EmulatorRules Rules => _state.Rules;

    /// <summary>Requests received so far.</summary>
    public RequestLog RequestLog => _state.Log;

    /// <summary>Knowledge Tables searched by JamAI <c>rag_params</c>.</summary>
    public KnowledgeStore Knowledge => _state.Knowledge;

    /// <summary>Starts an emulator and returns once it listens.</summary>
    /// <exception cref="PlatformNotSupportedException">The app runs as native AOT (no dynamic code): run the emulator in a process of its own.</exception>
    [RequiresDynamicCode("The emulator's routes bind JSON by reflection; in a native AOT app run it as a separate process (connectors emulator).")]
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            // Its minimal-API routes would start and then answer every request with HTTP 500: refuse up front instead.
            throw new PlatformNotSupportedException(
                "The Connectors emulator cannot run inside a native AOT app (its routes need dynamic code). Start it as a process of its own "
                + "(`connectors emulator --port 5080`) and point the clients' Endpoint at http://127.0.0.1:5080/v1 (Perceptron) or /api (JamAI).");
        }

        options ??= new EmulatorOptions();
        var state = new EmulatorState(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        // Room above 20 MB so the Perceptron route can answer an oversize body itself.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 64L * 1024 * 1024);
        builder.Logging.ClearProviders();
        if (options.VerboseLogging)
        {
            builder.Logging.AddConsole();
        }

        builder.Services.AddSingleton(state.Log);
        var app = builder.Build();
        app.UseMiddleware<RequestLogMiddleware>();
        PerceptronEndpoints.Map(app, state);
        JamAIEndpoints.Map(app, state);
        KnowledgeEndpoints.Map(app, state);
        JamAIEmbeddings.Map(app, state);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            state.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new UriBuilder(address) { Host = options.Host == "0.0.0.0" ? "127.0.0.1" : options.Host, Path = "/" }.Uri;
        return new EmulatorServer(app, state, uri);
    }

    /// <summary>Completes when the host shuts down (Ctrl+C for the program).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops listening and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(cts.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _state.Dispose();
    }
}
