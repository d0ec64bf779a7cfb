using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Marketplace.Security;

/// <summary>
/// Keeps user-supplied URLs away from the marketplace's own network: loopback, private, link-local (cloud metadata
/// lives there), unique-local, multicast and unspecified addresses are refused. Checked on the URL when it is given
/// and again on every connection, so DNS that changes between the two (rebinding) gains nothing.
/// </summary>
public sealed class SsrfGuard(IOptions<OutboundOptions> options)
{
    public bool TryValidateUrl(string? value, out Uri? uri, out string error)
    {
        error = "";
        if (!Uri.TryCreate(value, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            error = "Must be an absolute https URL.";
            return false;
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !options.Value.AllowHttp)
        {
            error = "Must use https.";
            return false;
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            error = "Must not carry credentials.";
            return false;
        }
        if (IPAddress.TryParse(uri.IdnHost, out var literal) && !IsAllowed(literal))
        {
            error = "Must not point at a loopback, private, link-local or metadata address.";
            return false;
        }
        if (uri.IsLoopback && !options.Value.AllowLoopback)
        {
            error = "Must not point at a loopback, private, link-local or metadata address.";
            return false;
        }
        return true;
    }

    public bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return options.Value.AllowLoopback;
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC);
        }
        var v4 = address.GetAddressBytes();
        return v4[0] switch
        {
            0 or 10 or 127 => false,
            100 when v4[1] is >= 64 and <= 127 => false, // carrier-grade NAT
            169 when v4[1] == 254 => false,              // link-local, cloud metadata
            172 when v4[1] is >= 16 and <= 31 => false,
            192 when v4[1] == 168 => false,
            192 when v4[1] == 0 && v4[2] == 0 => false,
            198 when v4[1] is 18 or 19 => false,
            >= 224 => false,                             // multicast and reserved
            _ => true,
        };
    }

    /// <summary>A connect callback for <see cref="SocketsHttpHandler"/> that refuses forbidden addresses after DNS.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = addresses.Where(IsAllowed).ToArray();
        if (allowed.Length == 0 || allowed.Length != addresses.Length)
            throw new HttpRequestException($"Refused to connect to {host}: it resolves to a forbidden address.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
