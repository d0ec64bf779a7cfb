using ModelContextProtocol.Client;

namespace Marketplace.Tests.Infrastructure;

/// <summary>The official C# MCP client pointed at a hub, with a key or token and a chosen protocol revision.</summary>
public static class McpClients
{
    public static Task<McpClient> ConnectAsync(Uri baseAddress, string credential, string? protocolVersion = null, bool asBearer = false)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(baseAddress, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = asBearer ? new Dictionary<string, string> { ["Authorization"] = "Bearer " + credential } : new Dictionary<string, string> { ["X-API-Key"] = credential },
        });
        return McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion });
    }
}
