using System.Text.Json;

namespace Marketplace.Client.Models;

/// <summary>A tool of the tenant's MCP hub; <c>status</c> is pending, approved or blocked (its definition changed).</summary>
public sealed record RegisteredTool(string TenantId, string Name, string Description, JsonElement InputSchema, DateTimeOffset CreatedAt)
{
    public string DefinitionHash { get; init; } = "";
    public string? ApprovedHash { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }
    public string? Status { get; init; }
    public JsonElement? OutputSchema { get; init; }
    public HttpToolSpec? Http { get; init; }
    public AgentSkillSpec? Skill { get; init; }
    public UpstreamToolSpec? Upstream { get; init; }
    public ToolGrant? Grant { get; init; }
    public ToolRateLimit? RateLimit { get; init; }
    public Pricing? Pricing { get; init; }
}

/// <summary>How an HTTP tool is called: method and URL template whose <c>{name}</c> placeholders take arguments.</summary>
public sealed record HttpToolSpec(string Method, string UrlTemplate)
{
    public IReadOnlyList<ToolHeader>? Headers { get; init; }
}

/// <summary>A skill of a listed agent, called through the marketplace's A2A gateway.</summary>
public sealed record AgentSkillSpec(string AgentId, string SkillId);

/// <summary>A tool of a federated MCP server, proxied under the server's prefix.</summary>
public sealed record UpstreamToolSpec(string Server, string ToolName);

/// <summary>Who may list and call a tool: keys with one of the roles, or the named principals. None means every key of the tenant.</summary>
public sealed record ToolGrant
{
    public IReadOnlyList<string>? Roles { get; init; }
    public IReadOnlyList<string>? Principals { get; init; }
}

/// <summary>At most <c>perMinute</c> calls per tenant, with a burst of <c>burst</c>.</summary>
public sealed record ToolRateLimit(int PerMinute, int Burst = 1);

/// <summary>Body of a tool's access change: the new grant (null opens it to every key) and rate limit (null: none).</summary>
public sealed record ToolAccessRequest
{
    public ToolGrant? Grant { get; init; }
    public ToolRateLimit? RateLimit { get; init; }
}

/// <summary>A federated MCP server: its tools appear as <c>{prefix}.{tool}</c>.</summary>
public sealed record McpServerRegistration(string TenantId, string Prefix, string Url, IReadOnlyList<ToolHeader> Headers, DateTimeOffset CreatedAt)
{
    public ToolGrant? Grant { get; init; }
    public DateTimeOffset? SyncedAt { get; init; }
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

public sealed record ToolHeader(string Name, string? Value = null, string? Secret = null)
{
    /// <summary>Set by the API when it hides a literal value from the reader.</summary>
    public bool? Redacted { get; init; }
}

public sealed record CreateMcpServerRequest(string Prefix, string Url)
{
    public IReadOnlyList<ToolHeader>? Headers { get; init; }
    public bool Approve { get; init; } = true;
}

public sealed record McpServerSync(string Prefix, IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed, int Unchanged, DateTimeOffset SyncedAt);

/// <summary>What a tool's MCP clients see of it: description and schemas.</summary>
public sealed record ToolDefinition(string Description, JsonElement InputSchema)
{
    public JsonElement? OutputSchema { get; init; }
}

/// <summary>A tool's current definition beside the approved one (null when only the approved hash is known).</summary>
public sealed record ToolDefinitionsView(string Name, string DefinitionHash, ToolDefinition Current)
{
    public string? ApprovedHash { get; init; }
    public ToolDefinition? Approved { get; init; }
}
