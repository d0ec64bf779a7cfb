using System.Text.Json.Nodes;

namespace Marketplace.Audit;

/// <summary>Who acted: a signed-in user, a service principal, a key (with the principal that created it), or the platform admin.</summary>
public enum ActorKind
{
    User,
    Service,
    Key,
    Admin,
}

/// <summary>
/// One change, as recorded: what (the operation and its target), who, when, from where, how it ended, and the
/// setting's value before and after where the operation notes them.
/// </summary>
public sealed record AuditEntry(
    string TenantId, string Id, DateTimeOffset At, string Action, string Method, string Target, ActorKind ActorKind, string Actor,
    string? KeyId, string? Ip, string? UserAgent, int Status, JsonNode? Before, JsonNode? After);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? NextCursor);

/// <summary>Filters of <c>GET /api/tenants/{id}/audit</c>.</summary>
public sealed record AuditQuery(string? Action, string? Actor, DateTimeOffset? Since, int Limit, string? Cursor);

/// <summary>What a handler adds to its route's entry: the tenant when the path does not name it, and before/after of a setting.</summary>
public sealed class AuditNote
{
    public string? TenantId { get; set; }
    public string? Target { get; set; }
    public JsonNode? Before { get; set; }
    public JsonNode? After { get; set; }
}
