using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Marketplace.Security;

/// <summary>
/// Keeps user-supplied URLs away from the marketplace's own network: every address that the IANA special-purpose
/// registries do not mark globally reachable is refused (<see cref="SpecialPurposeAddresses"/>), loopback only with
/// the development setting. Checked on the URL when it is given and again on every connection after DNS, so a name
/// that changes between the two (rebinding) or a redirect gains nothing.
/// </summary>
public sealed class SsrfGuard(IOptions<OutboundOptions> options)
{
    public const string RefusedAddress = "Must point at a globally reachable address.";

    /// <summary>The one message a refused connection carries: the host's resolved addresses are never part of it.</summary>
    public const string RefusedConnection = "Refused to connect: the host is not on the public internet.";

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
        if (!OutboundHosts.TryCheck(OutboundHosts.WrittenHost(value!), out error)) return false;
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            var verdict = SpecialPurposeAddresses.Judge(IPAddress.Parse(uri.IdnHost), options.Value.AllowLoopback);
            if (!verdict.Allowed)
            {
                error = Describe(verdict);
                return false;
            }
        }
        else if (IsLoopbackName(uri.IdnHost) && !options.Value.AllowLoopback)
        {
            error = RefusedAddress;
            return false;
        }
        return true;
    }

    public bool IsAllowed(IPAddress address) => SpecialPurposeAddresses.Judge(address, options.Value.AllowLoopback).Allowed;

    /// <summary>
    /// The addresses a connection to <paramref name="host"/> may use: the same host rule and address table as
    /// <see cref="TryValidateUrl"/>, applied after DNS. Refuses the whole name when any address it resolves to is
    /// refused, so a resolver that mixes answers cannot pick the inside one.
    /// </summary>
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken ct)
    {
        var bare = host.Trim('[', ']');
        IPAddress? literal;
        if (bare.Contains(':'))
        {
            if (bare.Contains('%') || !IPAddress.TryParse(bare, out literal)) throw Refused();
        }
        else
        {
            // the host rule first: a numeric-looking name that is not a canonical literal never reaches DNS
            if (!OutboundHosts.TryCheck(bare, out _)) throw Refused();
            if (!IPAddress.TryParse(bare, out literal) && IsLoopbackName(bare) && !options.Value.AllowLoopback) throw Refused();
        }
        var addresses = literal is not null ? [literal] : await Dns.GetHostAddressesAsync(bare, ct);
        if (addresses.Length == 0 || !addresses.All(IsAllowed)) throw Refused();
        return addresses;
    }

    /// <summary>A connect callback for <see cref="SocketsHttpHandler"/> that refuses forbidden addresses after DNS.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var allowed = await ResolveAllowedAsync(context.DnsEndPoint.Host, ct);
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

    static HttpRequestException Refused() => new(HttpRequestError.ConnectionError, RefusedConnection);

    static bool IsLoopbackName(string host)
    {
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    static string Describe(AddressVerdict verdict) => verdict.Range is { } range
        ? $"{RefusedAddress} {range.Prefix} is {range.Name} ({range.Rfc})."
        : RefusedAddress;
}
