using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Marketplace.Storage;

namespace Marketplace.Registry;

/// <summary>
/// Agents table: partition = publisher tenant; row <c>{agentId}</c> is the current listing and rows
/// <c>{agentId}@{version:D6}</c> keep every version. Both change in one entity-group transaction.
/// </summary>
public sealed class TableAgentStore(Tables tables) : IAgentStore
{
    const string KindCurrent = "current";
    const string KindVersion = "version";
    const string EmbeddingModel = "EmbeddingModel", EmbeddingVectors = "Embedding";

    TableClient Agents => tables.Get(Tables.AgentsTable);
    TableClient Directory => tables.Get(Tables.AgentDirectoryTable);

    public async Task<bool> CreateAsync(AgentListing listing, CancellationToken ct)
    {
        // The directory row claims the id across all tenants; the listing follows. A crash in between leaves a
        // directory row pointing at nothing, which reads as "not found".
        var claim = new TableEntity(listing.AgentId, "") { ["TenantId"] = listing.PublisherTenantId };
        if (!await Tables.TryAddAsync(Directory, claim, ct)) return false;
        await Agents.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, Entity(listing, listing.AgentId, KindCurrent)),
            new TableTransactionAction(TableTransactionActionType.Add, Entity(listing, VersionKey(listing), KindVersion)),
        ], ct);
        return true;
    }

    public async Task<string?> FindPublisherAsync(string agentId, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Directory, agentId, "", ct);
        return e?.GetString("TenantId");
    }

    public async Task<StoredListing?> GetAsync(string tenantId, string agentId, CancellationToken ct)
    {
        var e = await Tables.FindAsync<TableEntity>(Agents, tenantId, agentId, ct);
        return e is null ? null : new StoredListing(Read(e), e.ETag.ToString());
    }

    public async Task<bool> UpdateAsync(AgentListing next, string storeETag, CancellationToken ct)
    {
        try
        {
            await Agents.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.UpdateReplace, Entity(next, next.AgentId, KindCurrent), new ETag(storeETag)),
                new TableTransactionAction(TableTransactionActionType.Add, Entity(next, VersionKey(next), KindVersion)),
            ], ct);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<AgentListing>> ListVersionsAsync(string tenantId, string agentId, CancellationToken ct)
    {
        var (from, to) = ($"{agentId}@", $"{agentId}@~");
        var versions = new List<AgentListing>();
        await foreach (var e in Agents.QueryAsync<TableEntity>(
            x => x.PartitionKey == tenantId && x.RowKey.CompareTo(from) > 0 && x.RowKey.CompareTo(to) < 0, cancellationToken: ct))
            versions.Add(Read(e));
        return versions.OrderByDescending(v => v.Version).ToList();
    }

    public async IAsyncEnumerable<ListingChange> ListChangedSinceAsync(DateTimeOffset since, [EnumeratorCancellation] CancellationToken ct)
    {
        // Table storage keeps dates from 1601 on; an earlier bound means "everything".
        var filter = since.Year < 1601
            ? TableClient.CreateQueryFilter($"Kind eq {KindCurrent}")
            : TableClient.CreateQueryFilter($"Kind eq {KindCurrent} and Timestamp ge {since}");
        await foreach (var e in Agents.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            yield return new ListingChange(Read(e), e.Timestamp!.Value);
    }

    static string VersionKey(AgentListing listing) => $"{listing.AgentId}@{listing.Version:D6}";

    static TableEntity Entity(AgentListing listing, string rowKey, string kind)
    {
        var e = new TableEntity(listing.PublisherTenantId, rowKey) { ["Kind"] = kind };
        TableJson.Write(e, listing);
        if (listing.Embedding is { } embedding)
        {
            e[EmbeddingModel] = embedding.Model;
            e[EmbeddingVectors] = embedding.ToBytes();
        }
        return e;
    }

    static AgentListing Read(TableEntity e) =>
        TableJson.Read<AgentListing>(e) with { Embedding = ListingEmbedding.FromBytes(e.GetString(EmbeddingModel), e.GetBinary(EmbeddingVectors)) };
}
