using System.Text.Json;

namespace Marketplace.Client.Models;

/// <summary>A tool of the tenant's MCP hub; <c>status</c> is pending, approved or blocked (its definition changed).</summary>
public sealed record RegisteredTool(string TenantId, string Name, string Description, JsonElement InputSchema, DateTimeOffset CreatedAt)
{
    public string DefinitionHash { get; init; } = "";
    public string? ApprovedHash { get; init; }
    public string? Status { get; init; }
}

/// <summary>Body of a tool registration: exactly one of <c>http</c> and <c>skill</c>, in the API's own shapes.</summary>
public sealed record CreateToolRequest(string Name)
{
    public string? Description { get; init; }
    public JsonElement? InputSchema { get; init; }
    public JsonElement? Http { get; init; }
    public JsonElement? Skill { get; init; }
    public JsonElement? Grant { get; init; }
    public JsonElement? RateLimit { get; init; }
    public Pricing? Pricing { get; init; }
}

public sealed record ApproveToolRequest(string DefinitionHash);

public sealed record ToolMetrics(string Tool, int Calls, int Errors, double? P50Ms, double? P95Ms, double? P99Ms, DateTimeOffset Since);

public sealed record ToolHeader(string Name, string? Value = null, string? Secret = null);

public sealed record CreateMcpServerRequest(string Prefix, string Url)
{
    public IReadOnlyList<ToolHeader>? Headers { get; init; }
    public bool Approve { get; init; } = true;
}

public sealed record McpServerSync(string Prefix, IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed, int Unchanged, DateTimeOffset SyncedAt);
