using System.Net;
using System.Numerics;
using Marketplace.Security;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Unit;

/// <summary>Every check here runs on IP literals through code paths that decide without connecting.</summary>
public sealed class SsrfGuardTests
{
    static SsrfGuard Guard(bool loopback = false, bool http = false) => new(Options.Create(new OutboundOptions { AllowLoopback = loopback, AllowHttp = http }));

    /// <summary>The first, a middle and the last address of every range in the table, with the range that should decide.</summary>
    public static TheoryData<string, string> RangePoints()
    {
        var data = new TheoryData<string, string>();
        foreach (var range in SpecialPurposeAddresses.Ranges)
        {
            var bytes = range.Prefix.BaseAddress.GetAddressBytes();
            var bits = bytes.Length * 8;
            var first = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
            var size = BigInteger.One << (bits - range.Prefix.PrefixLength);
            foreach (var point in new[] { first, first + size / 2, first + size - 1 }.Distinct())
            {
                var address = ToAddress(point, bytes.Length);
                // a point inside a more specific range is that range's to decide (and is listed under it)
                if (SpecialPurposeAddresses.Find(address) == range) data.Add(address.ToString(), range.Prefix.ToString());
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RangePoints))]
    public void Every_range_decides_its_first_middle_and_last_address(string address, string prefix)
    {
        var ip = IPAddress.Parse(address);
        var range = SpecialPurposeAddresses.Ranges.Single(r => r.Prefix.ToString() == prefix);
        Assert.Equal(range, SpecialPurposeAddresses.Find(ip));
        var allowed = Guard().IsAllowed(ip);
        switch (range.Reach)
        {
            case Reach.Global:
                Assert.True(allowed);
                break;
            case Reach.Loopback:
                Assert.False(allowed);
                Assert.True(Guard(loopback: true).IsAllowed(ip));
                break;
            case Reach.NotGlobal:
                Assert.False(allowed);
                Assert.False(Guard(loopback: true).IsAllowed(ip));
                break;
            default: // the embedded IPv4 address decides
                var embedded = new IPAddress(ip.GetAddressBytes().AsSpan(range.EmbeddedAt, 4));
                var expected = range.Reach == Reach.MappedIPv4 ? Guard().IsAllowed(embedded) : Guard().IsAllowed(embedded) && !IPAddress.IsLoopback(embedded);
                Assert.Equal(expected, allowed);
                break;
        }
    }

    [Fact]
    public void The_table_holds_every_special_purpose_registry_entry()
    {
        string[] required =
        [
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "240.0.0.0/4", "255.255.255.255/32", "::1/128", "::/128", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48",
            "100::/64", "2001::/23", "2001::/32", "2001:2::/48", "2001:db8::/32", "2002::/16", "3fff::/20", "5f00::/16",
            "fc00::/7", "fe80::/10",
        ];
        var prefixes = SpecialPurposeAddresses.Ranges.Select(r => r.Prefix).ToHashSet();
        Assert.All(required, p => Assert.Contains(IPNetwork.Parse(p), prefixes));
        Assert.All(SpecialPurposeAddresses.Ranges, r => Assert.StartsWith("RFC ", r.Rfc));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.5.4")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::10.0.0.1")]          // IPv4-compatible
    [InlineData("::8.8.8.8")]           // IPv4-compatible is deprecated: refused even with a public address
    [InlineData("::ffff:0:10.0.0.1")]   // IPv4-translated (SIIT)
    [InlineData("::ffff:0:8.8.8.8")]
    [InlineData("64:ff9b::10.0.0.1")]   // NAT64 well-known prefix embedding a private address
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("64:ff9b::169.254.169.254")]
    [InlineData("64:ff9b:1::1")]        // NAT64 local-use prefix
    [InlineData("64:ff9b:1:ffff::8.8.8.8")]
    [InlineData("2002:0a00:0001::1")]   // 6to4 of 10.0.0.1
    [InlineData("2002:c0a8:0101::")]    // 6to4 of 192.168.1.1
    [InlineData("2002:7f00:0001::1")]   // 6to4 of loopback
    [InlineData("2001::1")]             // Teredo
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("192.0.2.1")]           // documentation, and this machine's own LAN
    [InlineData("192.0.2.255")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("192.88.99.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.255")]
    [InlineData("240.0.0.1")]
    [InlineData("2001:db8::1")]
    [InlineData("100::1")]
    [InlineData("3fff::1")]
    [InlineData("4000::1")]             // outside global unicast 2000::/3
    public void Internal_reserved_and_documentation_addresses_are_refused(string address) => Assert.False(Guard().IsAllowed(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("192.0.0.9")]           // anycast the registry marks global
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]      // mapped: a dual-stack socket connects to 8.8.8.8
    [InlineData("64:ff9b::8.8.8.8")]    // NAT64 of a public address
    [InlineData("2002:0808:0808::1")]   // 6to4 of a public address
    [InlineData("2001:4:112::1")]
    public void Public_addresses_are_allowed(string address) => Assert.True(Guard().IsAllowed(IPAddress.Parse(address)));

    [Fact]
    public void Loopback_only_with_the_development_setting()
    {
        Assert.True(Guard(loopback: true).IsAllowed(IPAddress.Loopback));
        Assert.True(Guard(loopback: true).IsAllowed(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.False(Guard(loopback: true).IsAllowed(IPAddress.Parse("64:ff9b::127.0.0.1")));
        Assert.False(Guard(loopback: true).IsAllowed(IPAddress.Parse("10.0.0.1")));
        Assert.False(Guard(loopback: true).IsAllowed(IPAddress.Parse("192.0.2.1")));
        Assert.False(Guard().TryValidateUrl("https://sub.localhost/card.json", out _, out _));
        Assert.True(Guard(loopback: true).TryValidateUrl("https://localhost/card.json", out _, out _));
    }

    [Theory]
    [InlineData("http://example.com/card.json", false)]
    [InlineData("https://example.com/card.json", true)]
    [InlineData("https://bücher.example/card.json", true)]     // an internationalized name stays a name
    [InlineData("https://8.8.8.8/card.json", true)]
    [InlineData("https://[2606:4700::1111]:8443/card.json", true)]
    [InlineData("https://[::ffff:8.8.8.8]/card.json", true)]
    [InlineData("https://user:pw@example.com/card.json", false)]
    [InlineData("https://169.254.169.254/latest", false)]
    [InlineData("https://localhost/card.json", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("https://192.0.2.10/card.json", false)]
    [InlineData("https://[64:ff9b::a00:1]/", false)]
    [InlineData("https://[2002:a00:1::]/", false)]
    [InlineData("https://[2001:db8::1]/", false)]
    [InlineData("https://[::a00:1]/", false)]
    [InlineData("https://[fe80::1%25eth0]/", false)]
    // numeric hosts that are not canonical dotted-quad literals
    [InlineData("https://0x7f.1/", false)]
    [InlineData("https://0x7f000001/", false)]
    [InlineData("https://2130706433/", false)]
    [InlineData("https://127.1/", false)]
    [InlineData("https://0177.0.0.1/", false)]
    [InlineData("https://010.0.0.1/", false)]
    [InlineData("https://08.8.8.8/", false)]
    [InlineData("https://0x08080808/", false)]                // public, but written so parsers disagree
    [InlineData("https://1.2.3.4.5/", false)]
    [InlineData("https://8.8.8.8./", false)]
    [InlineData("https://example.123/", false)]
    // full-width digits and ideographic full stops that IDNA mapping would turn into 127.0.0.1
    [InlineData("https://１２７.０.０.１/", false)]
    [InlineData("https://127。0。0。1/", false)]
    [InlineData("https://８.８.８.８/", false)]
    [InlineData("https://ｌｏｃａｌｈｏｓｔ/", false)]
    [InlineData("https://١٢٧.0.0.1/", false)]
    [InlineData("https://𝟏𝟐𝟕.0.0.1/", false)]
    public void Urls_are_checked_before_any_connection(string url, bool allowed) => Assert.Equal(allowed, Guard().TryValidateUrl(url, out _, out _));

    [Fact]
    public void A_refused_literal_names_its_registry_entry()
    {
        Assert.False(Guard().TryValidateUrl("https://198.51.100.7/", out _, out var error));
        Assert.Contains("198.51.100.0/24 is Documentation (TEST-NET-2) (RFC 5737)", error);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("192.0.2.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("[64:ff9b::a00:1]")]
    [InlineData("2002:a00:1::")]
    [InlineData("0x7f.1")]
    [InlineData("2130706433")]
    [InlineData("１２７.０.０.１")]
    [InlineData("localhost")]
    public async Task The_connect_check_refuses_the_same_hosts_before_any_socket(string host)
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Guard().ResolveAllowedAsync(host, CancellationToken.None));
        Assert.Equal(SsrfGuard.RefusedConnection, error.Message);
    }

    [Fact]
    public async Task The_connect_check_passes_public_literals_without_resolving()
    {
        Assert.Equal([IPAddress.Parse("8.8.8.8")], await Guard().ResolveAllowedAsync("8.8.8.8", CancellationToken.None));
        Assert.Equal([IPAddress.Parse("2606:4700::1111")], await Guard().ResolveAllowedAsync("[2606:4700::1111]", CancellationToken.None));
    }

    [Fact]
    public async Task A_name_that_resolves_inside_is_refused_at_connect_time()
    {
        var guard = Guard(http: true); // the URL check passes (http allowed, a host name); the address does not
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = guard.ConnectAsync });
        var port = NodeTools.GetFreeTcpPort();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://localhost:{port}/"));
        Assert.Contains(SsrfGuard.RefusedConnection, error.ToString());
        Assert.DoesNotContain("127.0.0.1", error.ToString());
    }

    static IPAddress ToAddress(BigInteger value, int length)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[length];
        bytes.CopyTo(padded, length - bytes.Length);
        return new IPAddress(padded);
    }
}
