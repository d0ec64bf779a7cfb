using System.Net;
using Marketplace.Security;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Unit;

public sealed class SsrfGuardTests
{
    static SsrfGuard Guard(bool loopback = false, bool http = false) => new(Options.Create(new OutboundOptions { AllowLoopback = loopback, AllowHttp = http }));

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
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:10.0.0.1")]
    public void Internal_addresses_are_refused(string address) => Assert.False(Guard().IsAllowed(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    public void Public_addresses_are_allowed(string address) => Assert.True(Guard().IsAllowed(IPAddress.Parse(address)));

    [Fact]
    public void Loopback_only_with_the_development_setting()
    {
        Assert.True(Guard(loopback: true).IsAllowed(IPAddress.Loopback));
        Assert.False(Guard(loopback: true).IsAllowed(IPAddress.Parse("10.0.0.1")));
    }

    [Theory]
    [InlineData("http://example.com/card.json", false)]
    [InlineData("https://example.com/card.json", true)]
    [InlineData("https://user:pw@example.com/card.json", false)]
    [InlineData("https://169.254.169.254/latest", false)]
    [InlineData("https://localhost/card.json", false)]
    [InlineData("file:///etc/passwd", false)]
    public void Urls_are_checked_before_any_connection(string url, bool allowed) => Assert.Equal(allowed, Guard().TryValidateUrl(url, out _, out _));

    [Fact]
    public async Task A_name_that_resolves_inside_is_refused_at_connect_time()
    {
        var guard = Guard(http: true); // the URL check passes (http allowed, a host name); the address does not
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = guard.ConnectAsync });
        var port = NodeTools.GetFreeTcpPort();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://localhost:{port}/"));
        Assert.Contains("forbidden address", error.ToString());
    }
}
