using Marketplace.Serialization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Marketplace.Http;

namespace Marketplace.Storage;

/// <summary>
/// Stores a JSON document in a table entity. A string property holds at most 64 KiB, so larger documents are split
/// across numbered properties (an entity holds up to 1 MiB).
/// </summary>
public static class TableJson
{
    const int ChunkChars = 30_000;
    const string Prefix = "Doc";

    public static void Write<T>(TableEntity entity, T value) => WriteJson(entity, JsonSerializer.Serialize(value, Json.Lenient));

    /// <summary>Stores a document already serialized with <see cref="Json.Lenient"/>.</summary>
    public static void WriteJson(TableEntity entity, string json)
    {
        var chunks = (json.Length + ChunkChars - 1) / ChunkChars;
        entity[$"{Prefix}Chunks"] = chunks;
        if (chunks == 1) entity[$"{Prefix}0"] = json;
        else for (var i = 0; i < chunks; i++) entity[$"{Prefix}{i}"] = json.Substring(i * ChunkChars, Math.Min(ChunkChars, json.Length - i * ChunkChars));
    }

    /// <summary>The documents of every row the filter matches, in key order.</summary>
    public static async Task<List<T>> QueryAsync<T>(TableClient table, string filter, CancellationToken ct)
    {
        var documents = new List<T>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: ct)) documents.Add(Read<T>(e));
        return documents;
    }

    /// <summary>A row holding the document.</summary>
    public static TableEntity Entity<T>(string partitionKey, string rowKey, T value)
    {
        var e = new TableEntity(partitionKey, rowKey);
        Write(e, value);
        return e;
    }

    /// <summary>Writes the document as the row, replacing whatever was there.</summary>
    public static async Task UpsertAsync<T>(TableClient table, string partitionKey, string rowKey, T value, CancellationToken ct) =>
        await table.UpsertEntityAsync(Entity(partitionKey, rowKey, value), TableUpdateMode.Replace, ct);

    public static T Read<T>(TableEntity entity)
    {
        var chunks = entity.GetInt32($"{Prefix}Chunks") ?? 0;
        if (chunks == 1) return Deserialize<T>(entity, entity.GetString($"{Prefix}0") ?? "");
        var json = new StringBuilder();
        for (var i = 0; i < chunks; i++) json.Append(entity.GetString($"{Prefix}{i}"));
        return Deserialize<T>(entity, json.ToString());
    }

    static T Deserialize<T>(TableEntity entity, string json) =>
        JsonSerializer.Deserialize<T>(json, Json.Lenient) ?? throw new InvalidDataException($"Entity {entity.PartitionKey}/{entity.RowKey} holds no document.");
}
