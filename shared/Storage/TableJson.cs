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

    public static void Write<T>(TableEntity entity, T value)
    {
        var json = JsonSerializer.Serialize(value, Json.Lenient);
        var chunks = (json.Length + ChunkChars - 1) / ChunkChars;
        entity[$"{Prefix}Chunks"] = chunks;
        for (var i = 0; i < chunks; i++) entity[$"{Prefix}{i}"] = json.Substring(i * ChunkChars, Math.Min(ChunkChars, json.Length - i * ChunkChars));
    }

    public static T Read<T>(TableEntity entity)
    {
        var chunks = entity.GetInt32($"{Prefix}Chunks") ?? 0;
        var json = new StringBuilder();
        for (var i = 0; i < chunks; i++) json.Append(entity.GetString($"{Prefix}{i}"));
        return JsonSerializer.Deserialize<T>(json.ToString(), Json.Lenient)
            ?? throw new InvalidDataException($"Entity {entity.PartitionKey}/{entity.RowKey} holds no document.");
    }
}
