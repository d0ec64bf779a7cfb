namespace Marketplace.Registry;

/// <summary>
/// Agent listings, partitioned by publisher tenant, with every superseded version kept. A small directory maps an
/// agent id to its publisher so a public listing can be found by id alone.
/// </summary>
public interface IAgentStore
{
    /// <summary>Stores version 1; false when the id is taken.</summary>
    Task<bool> CreateAsync(AgentListing listing, CancellationToken ct);

    Task<string?> FindPublisherAsync(string agentId, CancellationToken ct);

    Task<StoredListing?> GetAsync(string tenantId, string agentId, CancellationToken ct);

    /// <summary>
    /// Replaces the current listing with <paramref name="next"/> (its version one higher) and keeps the replaced one
    /// as history; false when the listing changed since <paramref name="storeETag"/> was read.
    /// </summary>
    Task<bool> UpdateAsync(AgentListing next, string storeETag, CancellationToken ct);

    /// <summary>Every version, newest first.</summary>
    Task<IReadOnlyList<AgentListing>> ListVersionsAsync(string tenantId, string agentId, CancellationToken ct);

    /// <summary>
    /// Current listings of every tenant that the store changed at or after <paramref name="since"/>, by the store's
    /// own clock (so instances' clocks don't matter): feeds the search index.
    /// </summary>
    IAsyncEnumerable<ListingChange> ListChangedSinceAsync(DateTimeOffset since, CancellationToken ct);
}
