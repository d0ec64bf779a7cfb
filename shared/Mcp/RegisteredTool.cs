using System.Text.Json;

namespace Marketplace.Mcp;

/// <summary>How an HTTP tool is called: method and URL template whose <c>{name}</c> placeholders take arguments.</summary>
public sealed record HttpToolSpec(string Method, string UrlTemplate);

/// <summary>A skill of a listed agent, called through the marketplace's A2A gateway.</summary>
public sealed record AgentSkillSpec(string AgentId, string SkillId);

/// <summary>A tool in a tenant's registry, served to that tenant's MCP clients: an HTTP endpoint or an agent's skill.</summary>
public sealed record RegisteredTool(string TenantId, string Name, string Description, JsonElement InputSchema, DateTimeOffset CreatedAt)
{
    public HttpToolSpec? Http { get; init; }
    public AgentSkillSpec? Skill { get; init; }
}

/// <summary>Body of <c>POST /api/tools</c>: exactly one of <c>http</c> and <c>skill</c>.</summary>
public sealed record CreateToolRequest(string Name, string? Description = null, JsonElement? InputSchema = null, HttpToolSpec? Http = null, AgentSkillSpec? Skill = null);
