using System.Net;
using Marketplace.Audit;
using Marketplace.Identity;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Marketplace.Tests.Identity;

/// <summary>The audit log's "from where": forwarding headers are believed only from configured proxies, and only as far as they vouch.</summary>
public sealed class ClientAddressTests
{
    static string? Of(string peer, string? forwardedFor, params string[] trusted)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        if (forwardedFor is not null) http.Request.Headers[ClientAddress.ForwardedFor] = forwardedFor;
        return ClientAddress.Of(http, new IdentityOptions { TrustedProxies = [.. trusted] }.TrustedProxyNetworks());
    }

    [Theory]
    [InlineData("198.51.100.7", "203.0.113.9", "198.51.100.7")] // no proxy trusted: the header is the caller's say-so
    [InlineData("198.51.100.7", "203.0.113.9", "198.51.100.7", "10.0.0.0/8")] // the peer is not one of ours
    [InlineData("10.0.0.4", "203.0.113.9", "203.0.113.9", "10.0.0.0/8")]
    [InlineData("10.0.0.4", "192.0.2.1, 203.0.113.9, 10.0.0.5", "203.0.113.9", "10.0.0.0/8")] // the hop before our proxies; the client-supplied rest is not believed
    [InlineData("10.0.0.4", "10.0.0.6, 10.0.0.5", "10.0.0.6", "10.0.0.0/8")] // every hop ours: the farthest one
    [InlineData("10.0.0.4", "junk, 203.0.113.9", "203.0.113.9", "10.0.0.0/8")]
    [InlineData("10.0.0.4", "203.0.113.9, junk", "10.0.0.4", "10.0.0.0/8")] // a malformed hop ends the chain
    [InlineData("10.0.0.4", null, "10.0.0.4", "10.0.0.0/8")]
    [InlineData("::ffff:10.0.0.4", "2001:db8::1", "2001:db8::1", "10.0.0.4")] // an IPv4-mapped peer matches its IPv4 entry
    public void Forwarded_for_is_read_only_through_trusted_proxies(string peer, string? forwardedFor, string expected, params string[] trusted) =>
        Assert.Equal(expected, Of(peer, forwardedFor, trusted));

    [Theory]
    [InlineData("10.0.0.4", true)]
    [InlineData("10.0.0.0/16", true)]
    [InlineData("2001:db8::/32", true)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("proxy.example.com", false)]
    public void Trusted_proxies_are_addresses_or_networks_and_anything_else_stops_the_start(string entry, bool valid)
    {
        var options = new IdentityOptions { TrustedProxies = [entry] };
        Assert.Equal(valid, !options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Any());
    }
}
