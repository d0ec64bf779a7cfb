using Marketplace.Tenancy;

namespace Marketplace.Identity;

/// <summary>A principal's place in a tenant: the role it acts with there, never taken from a token claim.</summary>
public sealed record Membership(
    string TenantId, string PrincipalId, PrincipalKind Kind, Role Role, string? DisplayName, string? Email, DateTimeOffset JoinedAt, string? AddedBy);

/// <summary>Adds a member: by user id (someone who has signed in), or by issuer and subject (who may not have yet).</summary>
public sealed record AddMemberRequest(Role Role, string? UserId = null, string? Issuer = null, string? Subject = null,
    PrincipalKind Kind = PrincipalKind.User, string? DisplayName = null, string? Email = null);

public sealed record ChangeRoleRequest(Role Role);

/// <summary>What <c>GET /api/me</c> answers: who the credential is, where it belongs, and which tenant this call acts for.</summary>
public sealed record MeView(string? UserId, PrincipalKind? Kind, string? DisplayName, string? Email, string? KeyId, string? CurrentTenant, Role? CurrentRole,
    IReadOnlyList<string>? Scopes, IReadOnlyList<MembershipView> Memberships);

public sealed record MembershipView(string TenantId, Role Role, DateTimeOffset JoinedAt);
