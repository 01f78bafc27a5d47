using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Connectors.SemanticKernel.Tests;

/// <summary>
/// A model chooses the URLs the plugin downloads, so a prompt injection can aim them at the app's own network. The
/// plugin's own client reaches public addresses only, on every redirect hop, and answers every failure alike.
/// </summary>
public sealed class DownloadSafetyTests : IAsyncLifetime
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<string> _paths = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _serving;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ValueTask InitializeAsync()
    {
        _listener.Start();
        _serving = ServeAsync(_stop.Token);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await (_serving ?? Task.CompletedTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static VisionPlugin Plugin(params string[] allowedHosts)
    {
        var options = new VisionPluginOptions { AllowUrlDownload = true };
        foreach (var host in allowedHosts)
        {
            options.AllowedDownloadHosts.Add(host);
        }

        return new VisionPlugin(new MockPerceptron().Answer("<point mention=\"x\"> (500,500) </point>", null).Mock.Object, options);
    }

    private static async Task<string> RefusedAsync(VisionPlugin plugin, string url) =>
        (await Assert.ThrowsAsync<ImageReferenceException>(() => plugin.CountObjectsAsync(url, "cats", Token))).Message;

    private static string Generic(string message, string url) => message.Replace(new Uri(url).GetLeftPart(UriPartial.Path), "<url>", StringComparison.Ordinal);

    [Theory]
    [InlineData("http://127.0.0.1:{port}/cat.png")] // loopback
    [InlineData("http://localhost:{port}/cat.png")] // a name that resolves to loopback
    [InlineData("http://[::1]:{port}/cat.png")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/cat.png")] // IPv4-mapped
    [InlineData("http://10.1.2.3/cat.png")] // private
    [InlineData("http://172.16.0.1/cat.png")]
    [InlineData("http://192.168.1.1/cat.png")]
    [InlineData("http://169.254.169.254/latest/meta-data")] // link-local: cloud metadata
    [InlineData("http://100.64.0.1/cat.png")] // carrier-grade NAT
    [InlineData("http://0.0.0.0/cat.png")] // unspecified
    [InlineData("http://224.0.0.1/cat.png")] // multicast
    [InlineData("http://[fe80::1]/cat.png")]
    [InlineData("http://[fd00::1]/cat.png")] // unique local
    [InlineData("file:///etc/passwd")]
    public async Task Addresses_of_the_apps_own_network_are_refused_without_connecting(string template)
    {
        var url = template.Replace("{port}", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var message = await RefusedAsync(Plugin(), url);

        Assert.Empty(_paths); // nothing reached the loopback server
        if (url.StartsWith("http", StringComparison.Ordinal))
        {
            Assert.StartsWith("Could not download an image from <url>: pass the image another way (a registered image, a data URL or an allowed file).", Generic(message, url), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_listed_host_is_reached_and_its_redirects_are_checked_hop_by_hop()
    {
        var plugin = Plugin("127.0.0.1");

        var followed = await plugin.CountObjectsAsync($"http://127.0.0.1:{Port}/redirect-same", "cats", Token);
        var message = await RefusedAsync(plugin, $"http://127.0.0.1:{Port}/redirect-away");

        Assert.Equal(640, followed.Image!.Width); // a redirect to a listed host is followed
        Assert.Contains("/image.png", _paths);
        Assert.DoesNotContain("/never", _paths); // the hop to an unlisted host was refused before connecting
        Assert.Contains("Could not download an image", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_closed_and_not_an_image_read_the_same()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var closedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var refused = await RefusedAsync(Plugin(), $"http://10.0.0.1/a.png");
        var closedMessage = await RefusedAsync(Plugin("127.0.0.1"), $"http://127.0.0.1:{closedPort}/a.png");
        var notAnImage = await RefusedAsync(Plugin("127.0.0.1"), $"http://127.0.0.1:{Port}/login");

        Assert.Equal(Generic(refused, "http://10.0.0.1/a.png"), Generic(closedMessage, $"http://127.0.0.1:{closedPort}/a.png"));
        Assert.Equal(Generic(refused, "http://10.0.0.1/a.png"), Generic(notAnImage, $"http://127.0.0.1:{Port}/login"));
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var socket = await _listener.AcceptTcpClientAsync(cancellationToken);
            await using var stream = socket.GetStream();
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, cancellationToken) == 1)
            {
                head.Append((char)one[0]);
            }

            var path = head.ToString().Split(' ')[1];
            lock (_paths)
            {
                _paths.Add(path);
            }

            var (status, headers, body) = path switch
            {
                "/redirect-same" => ("302 Found", $"Location: http://127.0.0.1:{Port}/image.png\r\n", []),
                "/redirect-away" => ("302 Found", $"Location: http://localhost:{Port}/never\r\n", []),
                "/image.png" => ("200 OK", "Content-Type: image/png\r\n", TestImages.Png),
                _ => ("200 OK", "Content-Type: text/html\r\n", "<html>login</html>"u8.ToArray()),
            };
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\n{headers}Content-Length: {body.Length}\r\nConnection: close\r\n\r\n"), cancellationToken);
            await stream.WriteAsync(body, cancellationToken);
        }
    }
}
