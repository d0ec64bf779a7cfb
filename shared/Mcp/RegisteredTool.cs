using System.Text.Json;

namespace Marketplace.Mcp;

/// <summary>How an HTTP tool is called: method and URL template whose <c>{name}</c> placeholders take arguments.</summary>
public sealed record HttpToolSpec(string Method, string UrlTemplate);

/// <summary>A tool in a tenant's registry, served to that tenant's MCP clients.</summary>
public sealed record RegisteredTool(string TenantId, string Name, string Description, JsonElement InputSchema, HttpToolSpec Http, DateTimeOffset CreatedAt);

/// <summary>Body of <c>POST /api/tools</c>.</summary>
public sealed record CreateToolRequest(string Name, string Description, JsonElement InputSchema, HttpToolSpec Http);
