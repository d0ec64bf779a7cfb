using System.Net;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Audit;

/// <summary>
/// Where a request came from, for the audit log: the connection's remote address, unless that peer is a configured
/// trusted proxy, in which case <c>X-Forwarded-For</c> is read from the right (the hop nearest to us) past every
/// trusted proxy to the first address no trusted proxy vouches for. A caller can put anything in the header, so
/// only what our own proxies appended is believed.
/// </summary>
public static class ClientAddress
{
    public const string ForwardedFor = "X-Forwarded-For";

    public static string? Of(HttpContext http, IReadOnlyList<IPNetwork> trustedProxies)
    {
        var peer = http.Connection.RemoteIpAddress is { } remote ? Normalize(remote) : null;
        if (peer is null || !IsTrusted(peer, trustedProxies)) return peer?.ToString();
        var hops = http.Request.Headers[ForwardedFor].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        for (var i = hops.Count - 1; i >= 0; i--)
        {
            // A malformed hop means the chain cannot be followed further: the last address we could trust is the answer.
            if (!IPAddress.TryParse(hops[i], out var hop)) return peer.ToString();
            hop = Normalize(hop);
            if (!IsTrusted(hop, trustedProxies)) return hop.ToString();
            peer = hop;
        }
        return peer.ToString();
    }

    /// <summary>Parses <c>Identity:TrustedProxies</c> entries: an address (<c>10.0.0.4</c>) or a network (<c>10.0.0.0/16</c>).</summary>
    public static bool TryParse(string entry, out IPNetwork network)
    {
        if (IPNetwork.TryParse(entry, out network)) return true;
        if (!IPAddress.TryParse(entry, out var address)) return false;
        address = Normalize(address);
        network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }

    static bool IsTrusted(IPAddress address, IReadOnlyList<IPNetwork> trusted) => trusted.Any(n => n.Contains(address));

    static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
