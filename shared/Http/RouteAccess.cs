using Marketplace.Tenancy;

namespace Marketplace.Http;

/// <summary>
/// Who may call a route: anyone (<see cref="Open"/>: <see cref="Anonymous"/>, <see cref="SelfAuthenticated"/>,
/// <see cref="PublicOrTenant"/>), the platform admin, tenant callers (keys or members) holding one of the roles,
/// and/or any signed-in principal even without a tenant (<see cref="AnyPrincipal"/>). <see cref="Scope"/> is the key
/// scope that opens the route to a scoped key; routes without one are closed to scoped keys.
/// </summary>
public sealed record RouteAccess(bool Open, bool Admin, IReadOnlySet<Role> Roles)
{
    public string? Scope { get; init; }

    /// <summary>Any authenticated caller: a key, a member, or a signed-in principal that belongs to no tenant yet.</summary>
    public bool AnyAuthenticated { get; init; }

    /// <summary>Anyone, and nothing is checked: documents every caller may read (cards, key sets, health, this API's description).</summary>
    public static RouteAccess Anonymous { get; } = new(true, true, new HashSet<Role>(Enum.GetValues<Role>()));

    /// <summary>
    /// A protocol endpoint (A2A, MCP) that authenticates the caller and applies the plan's rate limits itself, so
    /// that refusals come in its protocol's error shape; the dispatcher passes the request through untouched.
    /// </summary>
    public static RouteAccess SelfAuthenticated { get; } = new(true, true, new HashSet<Role>(Enum.GetValues<Role>())) { SelfAuthenticates = true };

    /// <summary>Whether the handler authenticates and rate-limits the caller itself (<see cref="SelfAuthenticated"/>).</summary>
    public bool SelfAuthenticates { get; init; }
    public static RouteAccess AdminOnly { get; } = new(false, true, new HashSet<Role>());
    public static RouteAccess AnyPrincipal { get; } = new(false, true, new HashSet<Role>(Enum.GetValues<Role>())) { AnyAuthenticated = true };

    /// <summary>Anyone; a credential, when one is sent, is checked (a bad one is a 401) and decides what the answer shows.</summary>
    public static RouteAccess PublicOrTenant { get; } = new(true, true, new HashSet<Role>(Enum.GetValues<Role>())) { IdentifiesCaller = true };

    /// <summary>Whether an anonymous route still authenticates the credential a caller sends.</summary>
    public bool IdentifiesCaller { get; init; }

    public static RouteAccess TenantRoles(params Role[] roles) => new(false, false, roles.ToHashSet());
    public static RouteAccess AdminOrRoles(params Role[] roles) => new(false, true, roles.ToHashSet());

    public bool Allows(Caller caller) =>
        caller.IsAdmin ? Admin : (AnyAuthenticated && caller.IsAuthenticated) || (caller.Role is { } role && Roles.Contains(role));

    /// <summary>A key without scopes may use every route its role allows; a scoped key only routes of one of its scopes.</summary>
    public bool ScopeAllows(Caller caller) => caller.Scopes is null || AnyAuthenticated || (Scope is not null && caller.Scopes.Contains(Scope));
}
