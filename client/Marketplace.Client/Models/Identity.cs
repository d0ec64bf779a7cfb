using System.Text.Json;

namespace Marketplace.Client.Models;

/// <summary>A member of a tenant: a user or a service principal, with its role there.</summary>
public sealed record Member(string TenantId, string PrincipalId, string Kind, string Role, string? DisplayName, string? Email, DateTimeOffset JoinedAt, string? AddedBy);

public sealed record ChangeRoleRequest(string Role);

public sealed record CreateInvitationRequest(string Role, string? Email = null, int? ExpiresInHours = null);

/// <summary>Shown once, to the inviter, who passes the link on: the platform sends no email.</summary>
public sealed record CreatedInvitation(string TenantId, string Role, string? Email, DateTimeOffset ExpiresAt, string Token, string AcceptUrl);

/// <summary>One recorded change: who (actor kind and id), what (action, target), when, from where, and before/after of a setting.</summary>
public sealed record AuditEntry(string TenantId, string Id, DateTimeOffset At, string Action, string Method, string Target, string ActorKind, string Actor,
    string? KeyId, string? Ip, string? UserAgent, int Status, JsonElement? Before, JsonElement? After);

public sealed record AuditPage(List<AuditEntry> Entries, string? NextCursor);

public sealed record AuditQuery(string? Action = null, string? Actor = null, DateTimeOffset? Since = null, int? Limit = null, string? Cursor = null);

/// <summary>How the console signs in: the OpenID issuer and its client, or null (API keys only).</summary>
public sealed record ConsoleConfig(ConsoleSignInConfig? SignIn);

public sealed record ConsoleSignInConfig(string Authority, string ClientId, List<string> Scopes, string? Resource);
