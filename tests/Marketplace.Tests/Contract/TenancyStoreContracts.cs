using Marketplace.Tenancy;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Contract;

/// <summary>What every <see cref="ITenantStore"/> and <see cref="IApiKeyStore"/> must do.</summary>
public abstract class TenancyStoreContract : IAsyncLifetime
{
    protected ITenantStore Tenants { get; private set; } = null!;
    protected IApiKeyStore Keys { get; private set; } = null!;

    protected abstract Task<(ITenantStore, IApiKeyStore)> CreateStoresAsync();

    public async Task InitializeAsync() => (Tenants, Keys) = await CreateStoresAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    static string Id() => "t" + Guid.NewGuid().ToString("N")[..10];

    static ApiKeyRecord Key(string tenant, string keyId, DateTimeOffset at) => new(tenant, keyId, "k", Role.Developer, ApiKeyFormat.Hash("secret-" + keyId), at, null);

    [Fact]
    public async Task Tenants_are_created_once_and_read_back()
    {
        var tenant = new Tenant(Id(), "Contoso", "pro", DateTimeOffset.UtcNow);
        Assert.True(await Tenants.CreateAsync(tenant, default));
        Assert.False(await Tenants.CreateAsync(tenant with { Name = "Other" }, default));
        var read = await Tenants.GetAsync(tenant.Id, default);
        Assert.Equal(("Contoso", "pro"), (read!.Name, read.Plan));
        Assert.Null(await Tenants.GetAsync(Id(), default));
    }

    [Fact]
    public async Task Keys_are_listed_per_tenant_oldest_first_and_never_across_tenants()
    {
        var (a, b) = (Id(), Id());
        var now = DateTimeOffset.UtcNow;
        await Keys.CreateAsync(Key(a, "k2", now.AddSeconds(1)), default);
        await Keys.CreateAsync(Key(a, "k1", now), default);
        await Keys.CreateAsync(Key(b, "k3", now), default);
        Assert.Equal(["k1", "k2"], (await Keys.ListAsync(a, default)).Select(k => k.KeyId));
        Assert.Null(await Keys.GetAsync(b, "k1", default));
        Assert.Equal(ApiKeyFormat.Hash("secret-k1"), (await Keys.GetAsync(a, "k1", default))!.SecretHash);
    }

    [Fact]
    public async Task Revocation_keeps_the_first_time_and_reports_unknown_keys()
    {
        var tenant = Id();
        var now = DateTimeOffset.UtcNow;
        await Keys.CreateAsync(Key(tenant, "k1", now), default);
        Assert.True(await Keys.RevokeAsync(tenant, "k1", now.AddMinutes(1), default));
        Assert.True(await Keys.RevokeAsync(tenant, "k1", now.AddMinutes(2), default));
        Assert.Equal(now.AddMinutes(1), (await Keys.GetAsync(tenant, "k1", default))!.RevokedAt);
        Assert.False(await Keys.RevokeAsync(tenant, "nokey", now, default));
        Assert.False(await Keys.RevokeAsync(Id(), "k1", now, default));
    }
}

[Collection("azurite-contract")]
public sealed class TableTenancyStoreContract(AzuriteFixture azurite) : TenancyStoreContract
{
    protected override async Task<(ITenantStore, IApiKeyStore)> CreateStoresAsync()
    {
        var tables = await ContractStores.TablesAsync(azurite);
        return (new TableTenantStore(tables), new TableApiKeyStore(tables));
    }
}
