using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Marketplace.Storage;
using Microsoft.Extensions.Options;

namespace Marketplace.Workflows;

/// <summary>
/// Keeps orchestration histories small: a value larger than <see cref="WorkflowOptions.InlinePayloadBytes"/> is
/// written to Blob storage (<c>{tenant}/{run}/{name}.json</c>) and replaced by <c>{"$payload": name, "bytes": n}</c>;
/// activities expand references back before they use the data.
/// </summary>
public sealed class Payloads(BlobServiceClient blobs, IOptions<StorageOptions> storage, IOptions<WorkflowOptions> options)
{
    const string RefProperty = "$payload";

    BlobContainerClient Container => blobs.GetBlobContainerClient(storage.Value.Container("workflow-payloads"));

    public async Task<JsonElement> ShrinkAsync(string tenantId, string runId, string name, JsonElement value, CancellationToken ct)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value);
        if (bytes.Length <= options.Value.InlinePayloadBytes) return value;
        var blobName = $"{tenantId}/{runId}/{Uri.EscapeDataString(name)}.json";
        await Container.CreateIfNotExistsAsync(cancellationToken: ct);
        // The same name always holds the same step's output, so a retried activity overwrites it harmlessly.
        await Container.GetBlobClient(blobName).UploadAsync(new BinaryData(bytes), overwrite: true, ct);
        return JsonSerializer.SerializeToElement(new JsonObject { [RefProperty] = name, ["bytes"] = bytes.Length });
    }

    /// <summary>The value with every payload reference in it replaced by what it refers to.</summary>
    public async Task<JsonElement> ExpandAsync(string tenantId, string runId, JsonElement value, CancellationToken ct)
    {
        if (!Contains(value)) return value;
        return JsonSerializer.SerializeToElement(await ExpandNodeAsync(tenantId, runId, JsonNode.Parse(value.GetRawText()), ct));
    }

    /// <summary>One stored payload, for <c>GET /api/runs/{id}/payloads/{name}</c>; null when there is none.</summary>
    public async Task<BinaryData?> ReadAsync(string tenantId, string runId, string name, CancellationToken ct)
    {
        var blob = Container.GetBlobClient($"{tenantId}/{runId}/{Uri.EscapeDataString(name)}.json");
        if (!await blob.ExistsAsync(ct)) return null;
        return (await blob.DownloadContentAsync(ct)).Value.Content;
    }

    static bool IsRef(JsonElement value, out string name)
    {
        name = "";
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(RefProperty, out var n) || n.ValueKind != JsonValueKind.String) return false;
        name = n.GetString()!;
        return true;
    }

    static bool Contains(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => IsRef(value, out _) || value.EnumerateObject().Any(p => Contains(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Any(Contains),
        _ => false,
    };

    async Task<JsonNode?> ExpandNodeAsync(string tenantId, string runId, JsonNode? node, CancellationToken ct)
    {
        switch (node)
        {
            case JsonObject obj when obj[RefProperty] is JsonValue v && v.TryGetValue<string>(out var name):
                var data = await ReadAsync(tenantId, runId, name, ct) ?? throw new InvalidOperationException($"Payload '{name}' of run {runId} is missing.");
                return JsonNode.Parse(data.ToMemory().Span);
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList()) obj[key] = await ExpandNodeAsync(tenantId, runId, obj[key]?.DeepClone(), ct);
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) array[i] = await ExpandNodeAsync(tenantId, runId, array[i]?.DeepClone(), ct);
                return array;
            default:
                return node;
        }
    }
}
