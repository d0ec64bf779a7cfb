using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.Agents.UnitConverter;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Search;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Marketplace.Tests.Search;

[Collection("platform")]
public sealed class BackfillTests(PlatformFixture platform)
{
    sealed class Failing : IEmbeddingProvider
    {
        public string Model => "failing";

        public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct) => throw new HttpRequestException("down");
    }

    [Fact]
    public async Task A_listing_stored_without_vectors_is_embedded_in_the_background_and_found_by_meaning()
    {
        var (tenant, key) = await platform.NewTenantAsync("reader");
        var now = DateTimeOffset.UtcNow;
        var listing = new AgentListing("agt-" + Guid.NewGuid().ToString("N")[..12], tenant, Visibility.Private, ListingStatus.Active, 1, now, now,
            UnitConverterCard.For("https://units.example.com"));
        Assert.True(await platform.App.Services.GetRequiredService<IAgentStore>().CreateAsync(listing, default));

        using var client = platform.Client(key);
        var q = Uri.EscapeDataString("how many kilometres is 26 miles");
        var found = await Eventually.Get(async () =>
        {
            var page = await ProblemAssert.ReadObject(await client.GetAsync($"/api/agents?mode=semantic&publisher={tenant}&q={q}"));
            return page["items"]!.AsArray().FirstOrDefault(i => i!["agentId"]!.GetValue<string>() == listing.AgentId);
        });
        Assert.True(found!["match"]!["similarity"]!.GetValue<double>() > 0.25);
        var indexed = platform.App.Services.GetRequiredService<AgentSearchIndex>().Find(listing.AgentId)!;
        Assert.True(platform.App.Services.GetRequiredService<ListingEmbedder>().IsCurrent(indexed));
    }

    [Fact]
    public async Task A_failing_provider_leaves_listings_unembedded_and_queries_to_keywords()
    {
        var embedder = new ListingEmbedder(new Failing(), NullLogger<ListingEmbedder>.Instance);
        var card = JsonSerializer.Deserialize<AgentCard>(Cards.Valid().ToJsonString(), Json.Lenient)!;
        var listing = new AgentListing("agt-1", "t", Visibility.Public, ListingStatus.Active, 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, card);
        Assert.Null((await embedder.EmbedAsync(listing, default)).Embedding);
        Assert.False(embedder.IsCurrent(listing));
        Assert.Null(await embedder.EmbedQueryAsync("anything", default));
        Assert.Null(await embedder.EmbedTextsAsync(["anything"], default));
    }
}
