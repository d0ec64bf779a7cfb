using Marketplace.Serialization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Marketplace.Http;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Marketplace.Registry;

/// <summary>
/// Cosmos DB listings: container <c>agents</c> (partition key <c>/tenantId</c>) holds the current listing as
/// <c>{agentId}</c> and each version as <c>{agentId}@{version:D6}</c>; container <c>agentDirectory</c>
/// (partition key <c>/id</c>) maps ids to publishers. Uses the stream APIs so documents are our own System.Text.Json.
/// </summary>
public sealed class CosmosAgentStore(CosmosClient client, IOptions<DocumentsOptions> options) : IAgentStore
{
    public const string AgentsContainer = "agents";
    public const string DirectoryContainer = "agentDirectory";

    Container Agents => client.GetContainer(options.Value.Cosmos.Database, AgentsContainer);
    Container Directory => client.GetContainer(options.Value.Cosmos.Database, DirectoryContainer);

    public async Task<bool> CreateAsync(AgentListing listing, CancellationToken ct)
    {
        using var claim = await Directory.CreateItemStreamAsync(
            Serialize(new DirectoryDocument(listing.AgentId, listing.PublisherTenantId)), new PartitionKey(listing.AgentId), cancellationToken: ct);
        if (claim.StatusCode == HttpStatusCode.Conflict) return false;
        claim.EnsureSuccessStatusCode();
        await WriteVersionAsync(listing, ct);
        using var current = await Agents.CreateItemStreamAsync(Serialize(Document(listing, listing.AgentId, "current")), Partition(listing), cancellationToken: ct);
        current.EnsureSuccessStatusCode();
        return true;
    }

    public async Task<string?> FindPublisherAsync(string agentId, CancellationToken ct)
    {
        var doc = await ReadAsync<DirectoryDocument>(Directory, agentId, "id", agentId, ct);
        return doc?.TenantId;
    }

    public async Task<StoredListing?> GetAsync(string tenantId, string agentId, CancellationToken ct)
    {
        var doc = await ReadAsync<ListingDocument>(Agents, agentId, "tenantId", tenantId, ct);
        return doc is null || doc.Kind != "current" ? null : new StoredListing(doc.Full, doc.ETag!);
    }

    public async Task<bool> UpdateAsync(AgentListing next, string storeETag, CancellationToken ct)
    {
        // No cross-document transaction here (the emulator has no TransactionalBatch), so the current document is
        // the commit point: replace it under its ETag, then record the version. The version write is idempotent and
        // GetVersions always includes the current document, so a crash between the two loses no history.
        using var replaced = await Agents.ReplaceItemStreamAsync(Serialize(Document(next, next.AgentId, "current")), next.AgentId, Partition(next),
            new ItemRequestOptions { IfMatchEtag = storeETag }, ct);
        if (replaced.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound) return false;
        replaced.EnsureSuccessStatusCode();
        await WriteVersionAsync(next, ct);
        return true;
    }

    public async Task<IReadOnlyList<AgentListing>> ListVersionsAsync(string tenantId, string agentId, CancellationToken ct)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.tenantId = @tenant AND c.agentId = @agent")
            .WithParameter("@tenant", tenantId).WithParameter("@agent", agentId);
        var byVersion = new Dictionary<int, AgentListing>();
        await foreach (var doc in QueryAsync(query, new QueryRequestOptions { PartitionKey = new PartitionKey(tenantId) }, ct))
            byVersion[doc.Listing.Version] = doc.Full;
        return byVersion.Values.OrderByDescending(v => v.Version).ToList();
    }

    public async IAsyncEnumerable<ListingChange> ListChangedSinceAsync(DateTimeOffset since, [EnumeratorCancellation] CancellationToken ct)
    {
        // _ts is the server's last-modified time in whole seconds.
        var query = new QueryDefinition("SELECT * FROM c WHERE c.kind = 'current' AND c._ts >= @since")
            .WithParameter("@since", since.ToUnixTimeSeconds());
        await foreach (var doc in QueryAsync(query, new QueryRequestOptions(), ct))
            yield return new ListingChange(doc.Full, DateTimeOffset.FromUnixTimeSeconds(doc.Ts));
    }

    async Task WriteVersionAsync(AgentListing listing, CancellationToken ct)
    {
        using var response = await Agents.UpsertItemStreamAsync(
            Serialize(Document(listing, $"{listing.AgentId}@{listing.Version:D6}", "version")), Partition(listing), cancellationToken: ct);
        response.EnsureSuccessStatusCode();
    }

    async IAsyncEnumerable<ListingDocument> QueryAsync(QueryDefinition query, QueryRequestOptions requestOptions, [EnumeratorCancellation] CancellationToken ct)
    {
        using var iterator = Agents.GetItemQueryStreamIterator(query, requestOptions: requestOptions);
        while (iterator.HasMoreResults)
        {
            using var page = await iterator.ReadNextAsync(ct);
            page.EnsureSuccessStatusCode();
            var body = await JsonSerializer.DeserializeAsync<QueryPage<ListingDocument>>(page.Content, Json.Lenient, ct);
            foreach (var doc in body?.Documents ?? []) yield return doc;
        }
    }

    /// <summary>
    /// A single-partition query by id rather than a point read: the npm emulator answers a point read of a missing
    /// item with 500, not 404, and the query costs only a few RUs more in Cosmos DB. The partition key is also in the
    /// query text, where the emulator (which ignores the request's partition key) looks for it.
    /// </summary>
    static async Task<T?> ReadAsync<T>(Container container, string id, string partitionKeyField, string partitionKey, CancellationToken ct) where T : class
    {
        var query = new QueryDefinition($"SELECT * FROM c WHERE c.id = @id AND c.{partitionKeyField} = @pk").WithParameter("@id", id).WithParameter("@pk", partitionKey);
        using var iterator = container.GetItemQueryStreamIterator(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(partitionKey) });
        while (iterator.HasMoreResults)
        {
            using var page = await iterator.ReadNextAsync(ct);
            page.EnsureSuccessStatusCode();
            var body = await JsonSerializer.DeserializeAsync<QueryPage<T>>(page.Content, Json.Lenient, ct);
            if (body?.Documents is [var first, ..]) return first;
        }
        return null;
    }

    static ListingDocument Document(AgentListing l, string id, string kind) =>
        new(id, l.PublisherTenantId, l.AgentId, kind, l)
        {
            EmbeddingModel = l.Embedding?.Model,
            Embedding = l.Embedding is { } e ? Convert.ToBase64String(e.ToBytes()) : null,
        };

    static PartitionKey Partition(AgentListing l) => new(l.PublisherTenantId);

    static MemoryStream Serialize<T>(T value) => new(JsonSerializer.SerializeToUtf8Bytes(value, Json.Lenient));

    sealed record DirectoryDocument(string Id, string TenantId);

    sealed record ListingDocument(string Id, string TenantId, string AgentId, string Kind, AgentListing Listing)
    {
        public string? EmbeddingModel { get; init; }

        /// <summary>The listing's vectors, base64 (<see cref="ListingEmbedding.ToBytes"/>).</summary>
        public string? Embedding { get; init; }

        [JsonIgnore]
        public AgentListing Full => Listing with { Embedding = ListingEmbedding.FromBytes(EmbeddingModel, Embedding is null ? null : Convert.FromBase64String(Embedding)) };

        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }

        [JsonPropertyName("_ts")]
        public long Ts { get; init; }
    }

    sealed record QueryPage<T>(IReadOnlyList<T> Documents);
}
