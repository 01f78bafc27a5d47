using System.Net;
using System.Net.Sockets;

namespace Connectors.SemanticKernel;

/// <summary>
/// Which addresses the plugin may download images from. A model (and so a prompt injection) chooses the URL, so
/// by default only public addresses are reached: loopback, private, link-local (cloud metadata), carrier-grade NAT,
/// multicast, broadcast and unspecified addresses — and their IPv4-mapped IPv6 forms — are refused, both when the
/// URL names them and when a name resolves to them. The connection goes to the address that was checked.
/// </summary>
internal sealed class DownloadAddresses(IReadOnlyCollection<string> allowedHosts)
{
    /// <summary>Whether the host may be asked at all: with an allow-list, only the hosts on it (which the app trusts).</summary>
    public bool IsHostAllowed(string host) => allowedHosts.Count == 0 || IsListed(host);

    /// <summary>Whether a host listed by the app, whose addresses are then not checked (an intranet server, say).</summary>
    public bool IsListed(string host) => allowedHosts.Contains(host.TrimStart('[').TrimEnd(']'), StringComparer.OrdinalIgnoreCase);

    /// <summary>Connects to a checked address of the host; throws when it has none the plugin may reach.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        IPAddress[] candidates = IPAddress.TryParse(host.TrimStart('[').TrimEnd(']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var listed = IsListed(host);
        var address = candidates.FirstOrDefault(a => listed || IsPublic(a))
            ?? throw new HttpRequestException("The address is not one the plugin downloads from.");

        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether an address is on the public internet.</summary>
    internal static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 // "this network"
                || b[0] == 10
                || (b[0] == 100 && b[1] is >= 64 and <= 127) // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254) // link-local, cloud metadata
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments
                || (b[0] == 198 && b[1] is 18 or 19) // benchmarking
                || b[0] >= 224); // multicast and reserved
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC // unique local fc00::/7
                || address.IsIPv4MappedToIPv6
                || (b[0] == 0 && b.AsSpan(1, 9).IndexOfAnyExcept((byte)0) < 0)); // ::/80 forms (IPv4-compatible, unspecified)
        }

        return false;
    }
}
