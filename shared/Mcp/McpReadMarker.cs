using System.Text.Json;
using Marketplace.Security;

namespace Marketplace.Mcp;

/// <summary>
/// Marks the federated MCP requests that only read (initialize, tools/list, ping, ending the session) as safe to
/// retry; a tools/call never is, as it may be billed and may act. The official MCP client builds its requests
/// itself, so the mark is set here, from the JSON-RPC method in the body, before the outbound client's retry sees it.
/// </summary>
public sealed class McpReadMarker : DelegatingHandler
{
    static readonly HashSet<string> Reads = ["initialize", "notifications/initialized", "tools/list", "ping"];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Delete || (request.Method == HttpMethod.Post && await OnlyReadsAsync(request.Content, cancellationToken)))
            request.RetrySafe();
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>Whether every JSON-RPC message in the body (one, or a batch) is a read.</summary>
    static async Task<bool> OnlyReadsAsync(HttpContent? content, CancellationToken ct)
    {
        if (content is null) return false;
        // Buffered, so the body can be read here and sent again on a retry.
        await content.LoadIntoBufferAsync(ct);
        try
        {
            using var document = JsonDocument.Parse(await content.ReadAsByteArrayAsync(ct));
            var root = document.RootElement;
            List<JsonElement> messages = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : [root];
            return messages.Count > 0 && messages.All(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("method", out var method)
                && method.ValueKind == JsonValueKind.String && Reads.Contains(method.GetString()!));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
