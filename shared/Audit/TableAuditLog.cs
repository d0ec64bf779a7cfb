using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Marketplace.Storage;
using Marketplace.Tenancy;

namespace Marketplace.Audit;

/// <summary>
/// Partition = tenant; row key = reverse ticks + a random suffix, so a partition scan returns newest first and the
/// row key of the last entry read is the cursor. Entries are only ever added (<c>AddEntity</c>, never upserted).
/// </summary>
public sealed class TableAuditLog(Tables tables) : IAuditLog
{
    /// <summary>Largest before/after kept per entry, in characters: settings are small; anything larger is truncated to a marker.</summary>
    const int MaxValueLength = 16 * 1024;

    TableClient Table => tables.Get(Tables.AuditTable);

    public static string RowKey(DateTimeOffset at, string suffix) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + suffix;

    public Task RecordAsync(AuditEntry e, CancellationToken ct) => Table.AddEntityAsync(new TableEntity(e.TenantId, e.Id)
    {
        ["At"] = e.At,
        ["Action"] = e.Action,
        ["Method"] = e.Method,
        ["Target"] = e.Target,
        ["ActorKind"] = e.ActorKind.ToString(),
        ["Actor"] = e.Actor,
        ["KeyId"] = e.KeyId,
        ["Ip"] = e.Ip,
        ["UserAgent"] = e.UserAgent,
        ["Status"] = e.Status,
        ["Before"] = Capped(e.Before),
        ["After"] = Capped(e.After),
    }, ct);

    public async Task<AuditPage> QueryAsync(string tenantId, AuditQuery query, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}");
        if (query.Cursor is { } cursor) filter += " and " + TableClient.CreateQueryFilter($"RowKey gt {cursor}");
        // Newer than `since` means a smaller reverse-time key than since's own.
        if (query.Since is { } since) filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {RowKey(since, "~")}");
        if (query.Action is { } action) filter += " and " + TableClient.CreateQueryFilter($"Action eq {action}");
        if (query.Actor is { } actor) filter += " and " + TableClient.CreateQueryFilter($"(Actor eq {actor} or KeyId eq {actor})");
        var entries = new List<AuditEntry>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: query.Limit + 1, cancellationToken: ct))
        {
            if (entries.Count == query.Limit) return new AuditPage(entries, entries[^1].Id);
            entries.Add(Map(e));
        }
        return new AuditPage(entries, null);
    }

    static string? Capped(JsonNode? value)
    {
        if (value is null) return null;
        var json = value.ToJsonString();
        return json.Length <= MaxValueLength ? json : new JsonObject { ["truncated"] = true, ["length"] = json.Length }.ToJsonString();
    }

    static AuditEntry Map(TableEntity e) => new(
        e.PartitionKey, e.RowKey, e.GetDateTimeOffset("At")!.Value, e.GetString("Action"), e.GetString("Method"), e.GetString("Target"),
        Enum.Parse<ActorKind>(e.GetString("ActorKind")), e.GetString("Actor"), e.GetString("KeyId"), e.GetString("Ip"), e.GetString("UserAgent"),
        e.GetInt32("Status") ?? 0, Parse(e.GetString("Before")), Parse(e.GetString("After")));

    static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);

    internal static bool IsValidCursor(string cursor) => cursor.Length is > 20 and < 64 && Ids.IsTableKeySafe(cursor) && !cursor.Contains('\'');
}
