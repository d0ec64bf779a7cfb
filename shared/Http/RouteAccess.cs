using Marketplace.Tenancy;

namespace Marketplace.Http;

/// <summary>Who may call a route: anyone, the platform admin, and/or tenant keys holding one of the roles.</summary>
public sealed record RouteAccess(bool Anonymous, bool Admin, IReadOnlySet<Role> Roles)
{
    public static RouteAccess Public { get; } = new(true, true, new HashSet<Role>(Enum.GetValues<Role>()));
    public static RouteAccess AdminOnly { get; } = new(false, true, new HashSet<Role>());

    /// <summary>Anyone; a credential, when one is sent, is checked (a bad one is a 401) and decides what the answer shows.</summary>
    public static RouteAccess PublicOrTenant { get; } = new(true, true, new HashSet<Role>(Enum.GetValues<Role>())) { IdentifiesCaller = true };

    /// <summary>Whether an anonymous route still authenticates the credential a caller sends.</summary>
    public bool IdentifiesCaller { get; init; }

    public static RouteAccess TenantRoles(params Role[] roles) => new(false, false, roles.ToHashSet());
    public static RouteAccess AdminOrRoles(params Role[] roles) => new(false, true, roles.ToHashSet());

    public bool Allows(Caller caller) => caller.IsAdmin ? Admin : caller.Role is { } role && Roles.Contains(role);
}
