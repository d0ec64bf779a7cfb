using System.Net;

namespace Marketplace.Security;

/// <summary>How an address in a special-purpose range may be reached from the marketplace.</summary>
public enum Reach
{
    /// <summary>The registry marks it globally reachable: allowed.</summary>
    Global,

    /// <summary>Not globally reachable (or not forwardable, reserved, deprecated): refused.</summary>
    NotGlobal,

    /// <summary>This host's loopback: refused unless <c>Outbound:AllowLoopback</c>.</summary>
    Loopback,

    /// <summary>IPv4-mapped IPv6: a dual-stack socket connects to the embedded IPv4 address, so that address decides.</summary>
    MappedIPv4,

    /// <summary>A translation or tunnel prefix (NAT64, 6to4): allowed only when the embedded IPv4 address is global.</summary>
    EmbeddedIPv4,
}

/// <summary>One row of the IANA special-purpose address registries (or of the IPv6 address-space registry).</summary>
/// <param name="EmbeddedAt">For <see cref="Reach.MappedIPv4"/> and <see cref="Reach.EmbeddedIPv4"/>: the byte offset of the IPv4 address.</param>
public sealed record SpecialPurposeRange(IPNetwork Prefix, string Name, string Rfc, Reach Reach, int EmbeddedAt = 12);

/// <summary>What the table says about one address: the most specific range it falls in (none for ordinary global unicast).</summary>
public sealed record AddressVerdict(IPAddress Address, SpecialPurposeRange? Range, bool Allowed, bool IsLoopback);

/// <summary>
/// The single list of address ranges outbound calls must not reach, taken from the IANA IPv4 and IPv6 Special-Purpose
/// Address Registries (RFC 6890) with their "globally reachable" column, plus multicast, limited broadcast and the IPv6
/// space outside global unicast 2000::/3 that IANA holds reserved. The most specific matching range decides, so the
/// anycast services the registry marks global (e.g. 192.0.0.9/32 inside 192.0.0.0/24) stay reachable. Addresses that
/// embed an IPv4 address are judged by it where a connection would actually go there; Teredo and the deprecated
/// IPv4-compatible and SIIT forms are refused outright because no legitimate agent or webhook needs them.
/// </summary>
public static class SpecialPurposeAddresses
{
    public static IReadOnlyList<SpecialPurposeRange> Ranges { get; } =
    [
        // IPv4 Special-Purpose Address Registry
        Row("0.0.0.0/8", "This network", "RFC 791", Reach.NotGlobal),
        Row("0.0.0.0/32", "This host on this network", "RFC 1122", Reach.NotGlobal),
        Row("10.0.0.0/8", "Private-Use", "RFC 1918", Reach.NotGlobal),
        Row("100.64.0.0/10", "Shared Address Space (carrier-grade NAT)", "RFC 6598", Reach.NotGlobal),
        Row("127.0.0.0/8", "Loopback", "RFC 1122", Reach.Loopback),
        Row("169.254.0.0/16", "Link Local (cloud metadata)", "RFC 3927", Reach.NotGlobal),
        Row("172.16.0.0/12", "Private-Use", "RFC 1918", Reach.NotGlobal),
        Row("192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890", Reach.NotGlobal),
        Row("192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335", Reach.NotGlobal),
        Row("192.0.0.8/32", "IPv4 dummy address", "RFC 7600", Reach.NotGlobal),
        Row("192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", Reach.Global),
        Row("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", Reach.Global),
        Row("192.0.0.170/32", "NAT64/DNS64 Discovery", "RFC 8880", Reach.NotGlobal),
        Row("192.0.0.171/32", "NAT64/DNS64 Discovery", "RFC 8880", Reach.NotGlobal),
        Row("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", Reach.NotGlobal),
        Row("192.31.196.0/24", "AS112-v4", "RFC 7535", Reach.Global),
        Row("192.52.193.0/24", "AMT", "RFC 7450", Reach.Global),
        Row("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", Reach.NotGlobal),
        Row("192.168.0.0/16", "Private-Use", "RFC 1918", Reach.NotGlobal),
        Row("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", Reach.Global),
        Row("198.18.0.0/15", "Benchmarking", "RFC 2544", Reach.NotGlobal),
        Row("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", Reach.NotGlobal),
        Row("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", Reach.NotGlobal),
        Row("240.0.0.0/4", "Reserved", "RFC 1112", Reach.NotGlobal),
        Row("255.255.255.255/32", "Limited Broadcast", "RFC 919", Reach.NotGlobal),
        // IPv4 multicast (its own registry)
        Row("224.0.0.0/4", "Multicast", "RFC 5771", Reach.NotGlobal),

        // IPv6 Special-Purpose Address Registry
        Row("::1/128", "Loopback Address", "RFC 4291", Reach.Loopback),
        Row("::/128", "Unspecified Address", "RFC 4291", Reach.NotGlobal),
        Row("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", Reach.MappedIPv4),
        Row("64:ff9b::/96", "IPv4-IPv6 Translation (NAT64)", "RFC 6052", Reach.EmbeddedIPv4),
        Row("64:ff9b:1::/48", "IPv4-IPv6 Translation (local use)", "RFC 8215", Reach.NotGlobal),
        Row("100::/64", "Discard-Only Address Block", "RFC 6666", Reach.NotGlobal),
        Row("100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780", Reach.NotGlobal),
        Row("2001::/23", "IETF Protocol Assignments", "RFC 2928", Reach.NotGlobal),
        Row("2001::/32", "TEREDO", "RFC 4380", Reach.NotGlobal),
        Row("2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", Reach.Global),
        Row("2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", Reach.Global),
        Row("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665", Reach.Global),
        Row("2001:2::/48", "Benchmarking", "RFC 5180", Reach.NotGlobal),
        Row("2001:3::/32", "AMT", "RFC 7450", Reach.Global),
        Row("2001:4:112::/48", "AS112-v6", "RFC 7535", Reach.Global),
        Row("2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", Reach.NotGlobal),
        Row("2001:20::/28", "ORCHIDv2", "RFC 7343", Reach.Global),
        Row("2001:30::/28", "Drone Remote ID Protocol Entity Tags", "RFC 9374", Reach.Global),
        Row("2001:db8::/32", "Documentation", "RFC 3849", Reach.NotGlobal),
        Row("2002::/16", "6to4", "RFC 3056", Reach.EmbeddedIPv4, embeddedAt: 2),
        Row("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", Reach.Global),
        Row("3fff::/20", "Documentation", "RFC 9637", Reach.NotGlobal),
        Row("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", Reach.NotGlobal),
        Row("fc00::/7", "Unique-Local", "RFC 4193", Reach.NotGlobal),
        Row("fe80::/10", "Link-Local Unicast", "RFC 4291", Reach.NotGlobal),
        // Deprecated forms that embed IPv4 (not in the registry any more; refused rather than translated)
        Row("::/96", "IPv4-compatible Address (deprecated)", "RFC 4291", Reach.NotGlobal),
        Row("::ffff:0:0:0/96", "IPv4-translated Address (SIIT)", "RFC 2765", Reach.NotGlobal),
        // IPv6 Address Space registry: everything outside global unicast 2000::/3 is reserved, site-local or multicast
        Row("::/8", "Reserved by IETF", "RFC 4291", Reach.NotGlobal),
        Row("100::/8", "Reserved by IETF", "RFC 4291", Reach.NotGlobal),
        Row("200::/7", "Reserved by IETF", "RFC 4048", Reach.NotGlobal),
        Row("400::/6", "Reserved by IETF", "RFC 4291", Reach.NotGlobal),
        Row("800::/5", "Reserved by IETF", "RFC 4291", Reach.NotGlobal),
        Row("1000::/4", "Reserved by IETF", "RFC 4291", Reach.NotGlobal),
        Row("4000::/3", "Reserved by IETF", "RFC 4291", Reach.NotGlobal),
        Row("6000::/3", "Reserved by IETF", "RFC 4291", Reach.NotGlobal),
        Row("8000::/3", "Reserved by IETF", "RFC 4291", Reach.NotGlobal),
        Row("a000::/3", "Reserved by IETF", "RFC 4291", Reach.NotGlobal),
        Row("c000::/3", "Reserved by IETF", "RFC 4291", Reach.NotGlobal),
        Row("e000::/4", "Reserved by IETF", "RFC 4291", Reach.NotGlobal),
        Row("f000::/5", "Reserved by IETF", "RFC 4291", Reach.NotGlobal),
        Row("f800::/6", "Reserved by IETF", "RFC 4291", Reach.NotGlobal),
        Row("fe00::/9", "Reserved by IETF", "RFC 4291", Reach.NotGlobal),
        Row("fec0::/10", "Site-Local (deprecated)", "RFC 3879", Reach.NotGlobal),
        Row("ff00::/8", "Multicast", "RFC 4291", Reach.NotGlobal),
    ];

    /// <summary>The most specific range holding <paramref name="address"/>, or null for ordinary global unicast.</summary>
    public static SpecialPurposeRange? Find(IPAddress address)
    {
        SpecialPurposeRange? best = null;
        foreach (var range in Ranges)
            if (Contains(range.Prefix, address) && (best is null || range.Prefix.PrefixLength > best.Prefix.PrefixLength))
                best = range;
        return best;
    }

    /// <summary>Judges an address; <paramref name="allowLoopback"/> is the development setting.</summary>
    public static AddressVerdict Judge(IPAddress address, bool allowLoopback)
    {
        var range = Find(address);
        switch (range?.Reach)
        {
            case null or Reach.Global:
                return new(address, range, Allowed: true, IsLoopback: false);
            case Reach.Loopback:
                return new(address, range, Allowed: allowLoopback, IsLoopback: true);
            case Reach.MappedIPv4:
                var mapped = Judge(Embedded(address, range.EmbeddedAt), allowLoopback);
                return mapped with { Address = address };
            case Reach.EmbeddedIPv4:
                var embedded = Judge(Embedded(address, range.EmbeddedAt), allowLoopback);
                return new(address, range, Allowed: embedded.Allowed && !embedded.IsLoopback, IsLoopback: false);
            default:
                return new(address, range, Allowed: false, IsLoopback: false);
        }
    }

    /// <summary>Bitwise prefix match (<see cref="IPNetwork.Contains"/> does not match IPv4-mapped addresses).</summary>
    static bool Contains(IPNetwork prefix, IPAddress address)
    {
        if (prefix.BaseAddress.AddressFamily != address.AddressFamily) return false;
        Span<byte> network = stackalloc byte[16], candidate = stackalloc byte[16];
        prefix.BaseAddress.TryWriteBytes(network, out var length);
        address.TryWriteBytes(candidate, out _);
        var whole = prefix.PrefixLength / 8;
        if (!network[..whole].SequenceEqual(candidate[..whole])) return false;
        var rest = prefix.PrefixLength % 8;
        if (rest == 0 || whole >= length) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (network[whole] & mask) == (candidate[whole] & mask);
    }

    static IPAddress Embedded(IPAddress address, int offset) => new(address.GetAddressBytes().AsSpan(offset, 4));

    static SpecialPurposeRange Row(string prefix, string name, string rfc, Reach reach, int embeddedAt = 12) =>
        new(IPNetwork.Parse(prefix), name, rfc, reach, embeddedAt);
}
