using System.Net.Http.Headers;
using System.Net.Http.Json;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Integration;

[Collection("platform")]
public sealed class SecretLoggingTests(PlatformFixture platform)
{
    [Fact]
    public async Task No_key_appears_in_any_log_line()
    {
        var (tenantId, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        await client.PostAsJsonAsync("/api/agents", new { card = Cards.Valid() });
        await client.PostAsJsonAsync("/api/agents", new { card = "wrong" });
        using var bearer = platform.Client();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key + "tampered");
        await bearer.GetAsync($"/api/tenants/{tenantId}");
        using var admin = platform.Admin();
        await admin.GetAsync($"/api/tenants/{tenantId}/keys");

        var secret = key.Split('.')[^1];
        Assert.NotEmpty(platform.Logs.Lines);
        Assert.DoesNotContain(platform.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(platform.Logs.Lines, line => line.Contains(PlatformFixture.AdminKey, StringComparison.Ordinal));
    }
}
