using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Reviews;
using Marketplace.Tenancy;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Unit;

public sealed class AgentSearchIndexTests
{
    static readonly Caller TenantA = new(false, "a", "k", Role.Reader);

    static AgentListing Listing(string id, string tenant, string name, string description = "Helps", Visibility visibility = Visibility.Public,
        ListingStatus status = ListingStatus.Active, int version = 1, string[]? tags = null)
    {
        var card = JsonSerializer.Deserialize<AgentCard>(Cards.Valid(name, description, tags: tags).ToJsonString(), Json.Lenient)!;
        return new AgentListing(id, tenant, visibility, status, version, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(version), card);
    }

    static AgentSearchQuery Query(string? q = null, int limit = 10, string? cursor = null, string? tag = null) => new(q, null, tag, null, null, null, null, limit, cursor);

    [Fact]
    public void A_name_match_outranks_a_description_match()
    {
        var index = new AgentSearchIndex(new AgentSignals(Options.Create(new ReviewOptions())));
        index.Upsert(Listing("agt-1", "b", "Generic", "Handles invoices now and then"));
        index.Upsert(Listing("agt-2", "b", "Invoice reader"));
        Assert.Equal(["agt-2", "agt-1"], index.Search(Query("invoice invoices"), TenantA).Items.Select(i => i.AgentId));
    }

    [Fact]
    public void Other_tenants_private_and_suspended_listings_stay_hidden()
    {
        var index = new AgentSearchIndex(new AgentSignals(Options.Create(new ReviewOptions())));
        index.Upsert(Listing("agt-1", "b", "Secret", visibility: Visibility.Private));
        index.Upsert(Listing("agt-2", "b", "Paused", status: ListingStatus.Suspended));
        index.Upsert(Listing("agt-3", "a", "Mine", visibility: Visibility.Private));
        index.Upsert(Listing("agt-4", "b", "Open"));
        Assert.Equal(["agt-3", "agt-4"], index.Search(Query(), TenantA).Items.Select(i => i.AgentId).Order());
        Assert.Equal(4, index.Search(Query(), Caller.PlatformAdmin).Items.Count);
    }

    [Fact]
    public void Older_versions_never_replace_newer_ones_and_retired_listings_leave()
    {
        var index = new AgentSearchIndex(new AgentSignals(Options.Create(new ReviewOptions())));
        index.Upsert(Listing("agt-1", "a", "New name", version: 2));
        index.Upsert(Listing("agt-1", "a", "Old name", version: 1));
        Assert.Equal("New name", index.Find("agt-1")!.Card.Name);
        index.Upsert(Listing("agt-1", "a", "New name", status: ListingStatus.Retired, version: 3));
        Assert.Null(index.Find("agt-1"));
        index.Upsert(Listing("agt-1", "a", "New name", version: 2)); // read before the retirement, applied after
        Assert.Null(index.Find("agt-1"));
        Assert.Empty(index.Search(Query("name"), TenantA).Items);
    }

    [Fact]
    public void Pages_cover_every_result_once_in_rank_order()
    {
        var index = new AgentSearchIndex(new AgentSignals(Options.Create(new ReviewOptions())));
        for (var i = 0; i < 25; i++) index.Upsert(Listing($"agt-{i:D2}", "b", $"Agent {i}", i % 3 == 0 ? "translation translation" : "translation"));
        var all = index.Search(Query("translation", limit: 100), TenantA).Items.Select(i => i.AgentId).ToList();
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = index.Search(Query("translation", limit: 4, cursor: cursor), TenantA);
            paged.AddRange(page.Items.Select(i => i.AgentId));
            cursor = page.NextCursor;
        } while (cursor is not null);
        Assert.Equal(25, all.Count);
        Assert.Equal(all, paged);
    }

    [Fact]
    public void Filters_and_bad_cursors()
    {
        var index = new AgentSearchIndex(new AgentSignals(Options.Create(new ReviewOptions())));
        index.Upsert(Listing("agt-1", "b", "One", tags: ["vision"]));
        index.Upsert(Listing("agt-2", "b", "Two", tags: ["audio"]));
        Assert.Equal(["agt-1"], index.Search(Query(tag: "VISION"), TenantA).Items.Select(i => i.AgentId));
        Assert.Throws<Marketplace.Errors.DomainException>(() => index.Search(Query(cursor: "%%%"), TenantA));
    }
}
