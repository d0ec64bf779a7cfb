using System.Text.Json;
using Marketplace.Tenancy;

namespace Marketplace.Mcp;

/// <summary>
/// A header sent with every call to an HTTP tool or upstream server: a plain <c>value</c>, or a <c>secret</c> naming a
/// setting <c>ToolSecrets:{tenant}:{secret}</c> (a Key Vault reference in Azure). Secret values are never stored or returned;
/// credential-bearing headers must be secrets. <c>redacted</c> (output only) marks a literal value hidden from the reader.
/// </summary>
public sealed record ToolHeader(string Name, string? Value = null, string? Secret = null)
{
    public bool? Redacted { get; init; }
}

/// <summary>How an HTTP tool is called: method and URL template whose <c>{name}</c> placeholders take arguments.</summary>
public sealed record HttpToolSpec(string Method, string UrlTemplate, IReadOnlyList<ToolHeader>? Headers = null);

/// <summary>A skill of a listed agent, called through the marketplace's A2A gateway.</summary>
public sealed record AgentSkillSpec(string AgentId, string SkillId);

/// <summary>A tool of a federated MCP server, proxied under the server's prefix.</summary>
public sealed record UpstreamToolSpec(string Server, string ToolName);

/// <summary>
/// Who may list and call a tool besides nobody: keys with one of <c>roles</c>, or the principals (key ids or token
/// subjects) in <c>principals</c>. No grant at all means every key of the tenant.
/// </summary>
public sealed record ToolGrant(IReadOnlyList<Role>? Roles = null, IReadOnlyList<string>? Principals = null)
{
    public bool Allows(Caller caller) =>
        (caller.Role is { } role && Roles?.Contains(role) == true) || (caller.Principal is { } p && Principals?.Contains(p, StringComparer.Ordinal) == true);
}

/// <summary>At most <c>perMinute</c> calls of the tool per tenant, spread evenly with a burst of <c>burst</c>.</summary>
public sealed record ToolRateLimit(int PerMinute, int Burst = 1);

/// <summary>Whether a tool is served: definitions are pinned by hash when approved, and a changed one waits for re-approval.</summary>
public enum ToolStatus
{
    Approved,
    Pending,
    Blocked,
}

/// <summary>
/// A tool in a tenant's registry, served to that tenant's MCP clients: an HTTP endpoint, an agent's skill, or a
/// federated server's tool. <c>DefinitionHash</c> is the hash of what clients see (name, description, schemas);
/// the tool is served only while it equals <c>ApprovedHash</c>.
/// </summary>
public sealed record RegisteredTool(string TenantId, string Name, string Description, JsonElement InputSchema, DateTimeOffset CreatedAt)
{
    public JsonElement? OutputSchema { get; init; }
    public HttpToolSpec? Http { get; init; }
    public AgentSkillSpec? Skill { get; init; }
    public UpstreamToolSpec? Upstream { get; init; }
    public ToolGrant? Grant { get; init; }
    public ToolRateLimit? RateLimit { get; init; }
    public Billing.Pricing? Pricing { get; init; }
    public string DefinitionHash { get; init; } = "";
    public string? ApprovedHash { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>The definition as it was approved (kept for the review of a later change); see <see cref="ToolDefinitionsView"/>.</summary>
    public ToolDefinition? ApprovedDefinition { get; init; }

    public ToolStatus Status => ApprovedHash is null ? ToolStatus.Pending : ApprovedHash == DefinitionHash ? ToolStatus.Approved : ToolStatus.Blocked;

    public bool VisibleTo(Caller caller) => Grant is null || Grant.Allows(caller);
}

/// <summary>Body of <c>POST /api/tools</c>: exactly one of <c>http</c> and <c>skill</c> (federated tools come from <c>/api/mcp-servers</c>).</summary>
public sealed record CreateToolRequest(
    string Name, string? Description = null, JsonElement? InputSchema = null, HttpToolSpec? Http = null, AgentSkillSpec? Skill = null,
    ToolGrant? Grant = null, ToolRateLimit? RateLimit = null, Billing.Pricing? Pricing = null);

/// <summary>Body of <c>PUT /api/tools/{toolName}/access</c>: the new grant (null opens the tool to every key) and rate limit.</summary>
public sealed record ToolAccessRequest(ToolGrant? Grant = null, ToolRateLimit? RateLimit = null);

/// <summary>Body of <c>POST /api/tools/{toolName}/approve</c>: the definition hash the approver reviewed.</summary>
public sealed record ApproveToolRequest(string DefinitionHash);
