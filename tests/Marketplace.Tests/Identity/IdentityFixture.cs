using System.Net.Http.Headers;
using System.Net.Http.Json;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace Marketplace.Tests.Identity;

/// <summary>
/// Azurite, the real local OpenID provider, and a standalone host that trusts it (audience = the provider's
/// resource), for the tests of the "identity" collection. Tests isolate themselves with their own tenants.
/// </summary>
public sealed class IdentityFixture : IAsyncLifetime
{
    public const string Resource = "api://marketplace-test";

    public AzuriteFixture Azurite { get; } = new();
    public OidcProvider Provider { get; private set; } = null!;
    public WebApplication App { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public string StoragePrefix { get; } = "i" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        Provider = await OidcProvider.StartAsync(Resource);
        (App, BaseAddress) = await PlatformFixture.StartHostAsync(Azurite.ConnectionString, StoragePrefix, null,
            $"--Identity:Issuer={Provider.Issuer}", $"--Identity:Audience={Resource}");
    }

    public HttpClient Client(string? bearer = null, string? tenant = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (tenant is not null) client.DefaultRequestHeaders.Add("X-Tenant", tenant);
        return client;
    }

    public HttpClient Admin() => Client(PlatformFixture.AdminKey);

    public async Task<string> NewTenantAsync()
    {
        using var admin = Admin();
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        (await admin.PostAsJsonAsync("/api/tenants", new { name = "Identity " + tenantId, plan = "pro", id = tenantId })).EnsureSuccessStatusCode();
        return tenantId;
    }

    /// <summary>Adds one of the provider's users (or its demo service) to a tenant; returns the member's user id.</summary>
    public async Task<string> AddMemberAsync(string tenantId, string subject, string role, string kind = "user", string? issuer = null)
    {
        using var admin = Admin();
        var added = await admin.PostAsJsonAsync($"/api/tenants/{tenantId}/members", new { issuer = issuer ?? Provider.Issuer, subject, role, kind });
        return (await ProblemAssert.ReadObject(added, System.Net.HttpStatusCode.Created))["principalId"]!.GetValue<string>();
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        if (Provider is not null) await Provider.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}

[CollectionDefinition("identity")]
public sealed class IdentityCollection : ICollectionFixture<IdentityFixture>;
