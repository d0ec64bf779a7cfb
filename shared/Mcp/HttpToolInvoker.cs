using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Security;
using ModelContextProtocol.Protocol;

namespace Marketplace.Mcp;

/// <summary>
/// Calls an HTTP tool through the SSRF-guarded client: arguments fill the URL template (URL-encoded) and, for POST,
/// form the JSON body. Failures are tool errors (<c>isError</c>), as MCP asks, never protocol errors.
/// </summary>
public sealed class HttpToolInvoker(IHttpClientFactory clients, ToolSecrets secrets)
{
    const int MaxResponseBytes = 1024 * 1024;
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public async Task<CallToolResult> CallAsync(RegisteredTool tool, HttpToolSpec http, IReadOnlyDictionary<string, JsonElement> arguments, CancellationToken ct, string callId)
    {
        var url = ToolEndpoints.Placeholder().Replace(http.UrlTemplate, m =>
            arguments.TryGetValue(m.Value[1..^1], out var v) ? Uri.EscapeDataString(v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()) : "");
        using var request = new HttpRequestMessage(new HttpMethod(http.Method), url);
        try
        {
            foreach (var (name, value) in secrets.Resolve(tool.TenantId, http.Headers)) request.Headers.TryAddWithoutValidation(name, value);
        }
        catch (MissingToolSecretException ex)
        {
            return ToolResults.Error(ex.Message);
        }
        // Lets the tool's backend recognise a repeated call (draft-ietf-httpapi-idempotency-key-header).
        request.Headers.TryAddWithoutValidation("Idempotency-Key", callId);
        if (http.Method == "POST") request.Content = new StringContent(JsonSerializer.Serialize(arguments), Encoding.UTF8, "application/json");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await clients.CreateClient(CardFetcher.ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            var bytes = await CappedRead.ReadAsync(stream, MaxResponseBytes, timeout.Token);
            if (bytes is null) return ToolResults.Error($"The tool's response is larger than {MaxResponseBytes} bytes.");
            var body = Encoding.UTF8.GetString(bytes);
            if (!response.IsSuccessStatusCode) return ToolResults.Error($"The tool answered HTTP {(int)response.StatusCode}: {body}");
            var result = new CallToolResult { Content = [new TextContentBlock { Text = body }] };
            return TryParseObject(body) is { } structured ? new CallToolResult { Content = result.Content, StructuredContent = structured } : result;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ToolResults.Error($"The tool did not answer within {Timeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException ex)
        {
            return ToolResults.Error($"The tool could not be reached: {OutboundFailure.Describe(ex)}.");
        }
    }

    static JsonElement? TryParseObject(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
