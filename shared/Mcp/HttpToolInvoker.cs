using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Registry;
using ModelContextProtocol.Protocol;

namespace Marketplace.Mcp;

/// <summary>
/// Calls an HTTP tool through the SSRF-guarded client: arguments fill the URL template (URL-encoded) and, for POST,
/// form the JSON body. Failures are tool errors (<c>isError</c>), as MCP asks, never protocol errors.
/// </summary>
public sealed class HttpToolInvoker(IHttpClientFactory clients)
{
    const int MaxResponseBytes = 1024 * 1024;
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public async Task<CallToolResult> CallAsync(RegisteredTool tool, IReadOnlyDictionary<string, JsonElement> arguments, CancellationToken ct)
    {
        if (Validate(tool, arguments) is { } invalid) return Error(invalid);
        var url = ToolEndpoints.Placeholder().Replace(tool.Http.UrlTemplate, m =>
            arguments.TryGetValue(m.Value[1..^1], out var v) ? Uri.EscapeDataString(v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()) : "");
        using var request = new HttpRequestMessage(new HttpMethod(tool.Http.Method), url);
        if (tool.Http.Method == "POST") request.Content = new StringContent(JsonSerializer.Serialize(arguments), Encoding.UTF8, "application/json");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await clients.CreateClient(CardFetcher.ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await ReadCappedAsync(response, timeout.Token);
            if (body is null) return Error($"The tool's response is larger than {MaxResponseBytes} bytes.");
            if (!response.IsSuccessStatusCode) return Error($"The tool answered HTTP {(int)response.StatusCode}: {body}");
            var result = new CallToolResult { Content = [new TextContentBlock { Text = body }] };
            return TryParseObject(body) is { } structured ? new CallToolResult { Content = result.Content, StructuredContent = structured } : result;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Error($"The tool did not answer within {Timeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException ex)
        {
            return Error($"The tool could not be reached: {ex.Message}");
        }
    }

    /// <summary>The schema's required properties must be present and its declared primitive types respected.</summary>
    static string? Validate(RegisteredTool tool, IReadOnlyDictionary<string, JsonElement> arguments)
    {
        var schema = tool.InputSchema;
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                if (!arguments.ContainsKey(name)) return $"Missing required argument '{name}'.";
        if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object) return null;
        foreach (var (name, value) in arguments)
        {
            if (!properties.TryGetProperty(name, out var property) || !property.TryGetProperty("type", out var type)) continue;
            var ok = type.GetString() switch
            {
                "string" => value.ValueKind == JsonValueKind.String,
                "number" => value.ValueKind == JsonValueKind.Number,
                "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
                "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                "object" => value.ValueKind == JsonValueKind.Object,
                "array" => value.ValueKind == JsonValueKind.Array,
                _ => true,
            };
            if (!ok) return $"Argument '{name}' must be of type {type.GetString()}.";
        }
        return null;
    }

    static async Task<string?> ReadCappedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
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

    static CallToolResult Error(string message) => new() { IsError = true, Content = [new TextContentBlock { Text = message }] };
}
