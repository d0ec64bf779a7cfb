using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Contract;

/// <summary>What every <see cref="IAgentStore"/> must do; run against Table storage and Cosmos DB.</summary>
public abstract class AgentStoreContract : IAsyncLifetime
{
    protected IAgentStore Store { get; private set; } = null!;

    protected abstract Task<IAgentStore> CreateStoreAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    static AgentListing Listing(string tenant, string? id = null, string name = "Agent", string description = "Does things", int version = 1, DateTimeOffset? at = null)
    {
        var card = JsonSerializer.Deserialize<AgentCard>(Cards.Valid(name, description).ToJsonString(), Json.Lenient)!;
        var time = at ?? DateTimeOffset.UtcNow;
        return new AgentListing(id ?? "agt-" + Guid.NewGuid().ToString("N")[..12], tenant, Visibility.Public, ListingStatus.Active, version, time, time, card);
    }

    static string Tenant() => "t" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task A_created_listing_reads_back_whole_for_its_publisher_only()
    {
        var (tenant, other) = (Tenant(), Tenant());
        var listing = Listing(tenant, description: new string('d', 100_000)); // larger than one table property holds
        Assert.True(await Store.CreateAsync(listing, default));

        var read = await Store.GetAsync(tenant, listing.AgentId, default);
        Assert.NotNull(read);
        Assert.Equal(listing.Card.Description, read.Listing.Card.Description);
        Assert.Equal(listing.AgentId, read.Listing.AgentId);
        Assert.False(string.IsNullOrEmpty(read.StoreETag));
        Assert.Null(await Store.GetAsync(other, listing.AgentId, default));
        Assert.Equal(tenant, await Store.FindPublisherAsync(listing.AgentId, default));
        Assert.Null(await Store.FindPublisherAsync("agt-missing-" + Guid.NewGuid().ToString("N"), default));
    }

    [Fact]
    public async Task A_taken_id_is_refused_and_the_original_kept()
    {
        var listing = Listing(Tenant(), name: "Original");
        Assert.True(await Store.CreateAsync(listing, default));
        Assert.False(await Store.CreateAsync(Listing(Tenant(), listing.AgentId, name: "Impostor"), default));
        Assert.Equal("Original", (await Store.GetAsync(listing.PublisherTenantId, listing.AgentId, default))!.Listing.Card.Name);
    }

    [Fact]
    public async Task Updates_need_the_current_token_and_keep_every_version()
    {
        var tenant = Tenant();
        var v1 = Listing(tenant, name: "One");
        await Store.CreateAsync(v1, default);
        var read = (await Store.GetAsync(tenant, v1.AgentId, default))!;

        var v2 = v1 with { Version = 2, Card = v1.Card with { Name = "Two" }, UpdatedAt = v1.UpdatedAt.AddSeconds(1) };
        Assert.True(await Store.UpdateAsync(v2, read.StoreETag, default));
        var v3 = v1 with { Version = 2, Card = v1.Card with { Name = "Stale" } };
        Assert.False(await Store.UpdateAsync(v3, read.StoreETag, default));

        Assert.Equal("Two", (await Store.GetAsync(tenant, v1.AgentId, default))!.Listing.Card.Name);
        var versions = await Store.ListVersionsAsync(tenant, v1.AgentId, default);
        Assert.Equal([(2, "Two"), (1, "One")], versions.Select(v => (v.Version, v.Card.Name)));
    }

    [Fact]
    public async Task Vectors_are_kept_with_each_version_and_never_in_the_listing_document()
    {
        var tenant = Tenant();
        float[] Vector(float seed) => Enumerable.Range(0, 384).Select(i => seed + i / 1000f).ToArray();
        var v1 = Listing(tenant) with { Embedding = new ListingEmbedding("model-a", Vector(1), [Vector(2)]) };
        await Store.CreateAsync(v1, default);
        var read = (await Store.GetAsync(tenant, v1.AgentId, default))!;
        Assert.Equal(v1.Embedding, read.Listing.Embedding);
        Assert.DoesNotContain("model-a", JsonSerializer.Serialize(read.Listing, Json.Lenient));

        var v2 = v1 with { Version = 2, Embedding = new ListingEmbedding("model-b", Vector(3), [Vector(4)]), UpdatedAt = v1.UpdatedAt.AddSeconds(1) };
        Assert.True(await Store.UpdateAsync(v2, read.StoreETag, default));
        var versions = await Store.ListVersionsAsync(tenant, v1.AgentId, default);
        Assert.Equal(["model-b", "model-a"], versions.Select(v => v.Embedding!.Model));
        Assert.Equal(v2.Embedding, versions[0].Embedding);

        var changed = new List<ListingChange>();
        await foreach (var change in Store.ListChangedSinceAsync(DateTimeOffset.MinValue, default)) changed.Add(change);
        Assert.Equal(v2.Embedding, changed.Single(c => c.Listing.AgentId == v1.AgentId).Listing.Embedding);
    }

    [Fact]
    public async Task Changes_are_listed_across_tenants_from_a_point_in_time()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        var (a, b) = (Listing(Tenant()), Listing(Tenant()));
        await Store.CreateAsync(a, default);
        await Store.CreateAsync(b, default);

        var changed = new List<ListingChange>();
        await foreach (var change in Store.ListChangedSinceAsync(before, default)) changed.Add(change);
        Assert.Contains(changed, c => c.Listing.AgentId == a.AgentId);
        Assert.Contains(changed, c => c.Listing.AgentId == b.AgentId);
        Assert.All(changed, c => Assert.True(c.ChangedAt >= before.AddSeconds(-1)));
        // Current listings only: one entry per agent even though versions are stored too.
        Assert.Single(changed, c => c.Listing.AgentId == a.AgentId);

        var later = new List<ListingChange>();
        await foreach (var change in Store.ListChangedSinceAsync(DateTimeOffset.UtcNow.AddMinutes(5), default)) later.Add(change);
        Assert.Empty(later);
    }
}

[Collection("azurite-contract")]
public sealed class TableAgentStoreContract(AzuriteFixture azurite) : AgentStoreContract
{
    protected override async Task<IAgentStore> CreateStoreAsync() => new TableAgentStore(await ContractStores.TablesAsync(azurite));
}

[Collection("cosmos-contract")]
public sealed class CosmosAgentStoreContract(CosmosFixture cosmos) : AgentStoreContract
{
    protected override async Task<IAgentStore> CreateStoreAsync()
    {
        var (client, options) = await ContractStores.CosmosAsync(cosmos);
        return new CosmosAgentStore(client, options);
    }
}
