using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Marketplace.Security;
using Marketplace.Tests.Infrastructure;
using Marketplace.Webhooks;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Webhooks;

/// <summary>Signing against the spec, the retry schedule's rules, and the SSRF guard at connection time (production settings).</summary>
public sealed class WebhookUnitTests
{
    [Fact]
    public void The_signature_is_the_spec_HMAC_over_id_timestamp_and_body()
    {
        var secret = WebhookSecrets.Generate();
        var at = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        const string body = """{"specversion":"1.0","id":"evt-1","type":"task.completed"}""";
        var signature = new StandardWebhooks.StandardWebhook(secret).Sign("evt-1", at, body);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"evt-1.1700000000.{body}")));
        Assert.Equal(expected, signature);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("00:00:05,soon", false)]
    [InlineData("00:00:00", false)]
    [InlineData("-00:00:05", false)]
    [InlineData("12:00:00,12:00:01", false)]
    [InlineData("8.00:00:00", false)]
    [InlineData("00:00:00.100,00:00:00.200", true)]
    [InlineData("12:00:00,12:00:00", true)]
    public void The_retry_schedule_is_checked_on_start(string schedule, bool valid)
    {
        var options = new WebhookOptions { RetrySchedule = schedule };
        var results = new List<ValidationResult>();
        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
    }

    [Fact]
    public void The_default_schedule_backs_off_exponentially_within_24_hours()
    {
        var retries = new WebhookOptions().Retries;
        Assert.True(retries.Zip(retries.Skip(1)).All(p => p.Second >= p.First));
        Assert.InRange(retries.Aggregate(TimeSpan.Zero, (a, b) => a + b), TimeSpan.FromHours(20), TimeSpan.FromHours(24));
        Assert.Equal(TimeSpan.FromSeconds(5), new WebhookOptions().Timeout);
    }

    [Fact]
    public void A_secret_key_that_is_not_32_bytes_is_refused_on_start()
    {
        var options = new WebhookOptions { SecretKey = Convert.ToBase64String(new byte[16]) };
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    /// <summary>
    /// In production (no loopback allowed) a host name that resolves to loopback (and the LAN) passes the URL check, which cannot
    /// know where a name points, and is refused when the connection is made: the receiver never sees a request.
    /// </summary>
    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_at_connection_time()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var guard = new SsrfGuard(Options.Create(new OutboundOptions { AllowHttp = true, AllowLoopback = false }));
        var port = new Uri(receiver.Url).Port;
        // The machine's own name resolves to loopback (/etc/hosts) and to its LAN addresses, none of them on the public
        // internet: a name the URL check cannot know points inside. Checked first, so the test never connects elsewhere.
        var name = Dns.GetHostName();
        var addresses = await Dns.GetHostAddressesAsync(name);
        Assert.Contains(addresses, IPAddress.IsLoopback);
        Assert.All(addresses, a => Assert.False(new SsrfGuard(Options.Create(new OutboundOptions())).IsAllowed(a), $"{name} resolves to the public address {a}."));
        var url = $"http://{name}:{port}/hook";
        Assert.True(guard.TryValidateUrl(url, out _, out _));

        var sender = new WebhookSender(new HandlerFactory(guard), guard, Options.Create(new WebhookOptions()), TimeProvider.System);
        var result = await sender.SendAsync(url, WebhookSecrets.Generate(), "evt-1", "{}", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Null(result.StatusCode);
        Assert.Equal(WebhookSender.RefusedPhrase, result.Error);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_loopback_url_is_refused_before_any_connection_in_production()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var guard = new SsrfGuard(Options.Create(new OutboundOptions { AllowHttp = true, AllowLoopback = false }));
        var sender = new WebhookSender(new HandlerFactory(guard), guard, Options.Create(new WebhookOptions()), TimeProvider.System);
        foreach (var url in new[] { receiver.Url, receiver.Url.Replace("127.0.0.1", "localhost") })
        {
            var result = await sender.SendAsync(url, WebhookSecrets.Generate(), "evt-1", "{}", CancellationToken.None);
            Assert.Equal(WebhookSender.RefusedPhrase, result.Error);
        }
        Assert.Empty(receiver.Received);
    }

    /// <summary>The client the platform builds for webhooks, on the given guard.</summary>
    sealed class HandlerFactory(SsrfGuard guard) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(WebhookSender.Handler(guard));
    }
}
