using Marketplace.Http;
using Marketplace.Tenancy;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Identity;

/// <summary>The routes of the caller, members and invitations: the route table serves these, in this order.</summary>
public static class IdentityRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        Endpoint<ConsoleConfigEndpoints>.Route("console-config", "GET", "/api/console/config", RouteAccess.Anonymous, (e, r) => e.Get(r)) with
        {
            Doc = new("Identity", "How the browser console signs in: the OpenID issuer and its client, or none (API keys only)"),
        },
        Endpoint<MeEndpoints>.Route("me", "GET", "/api/me", RouteAccess.AnyPrincipal, (e, r) => e.Get(r)) with
        {
            Doc = new("Identity", "Who is calling: the signed-in user or service and its memberships, or the key's tenant, role and scopes"),
        },
        Endpoint<MemberEndpoints>.Route("members-list", "GET", "/api/tenants/{tenantId}/members", RouteAccess.AdminOrRoles(Finance), (e, r) => e.List(r)) with
        {
            Doc = new("Identity", "The tenant's members and their roles, oldest first"),
        },
        Endpoint<MemberEndpoints>.Route("members-add", "POST", "/api/tenants/{tenantId}/members", RouteAccess.AdminOrRoles(Role.Owner), (e, r) => e.Add(r)) with
        {
            Doc = new("Identity", "Add a user or service principal (by user id, or by issuer and subject) with a role") { RequestBody = typeof(AddMemberRequest) },
        },
        Endpoint<MemberEndpoints>.Route("members-role", "PUT", "/api/tenants/{tenantId}/members/{userId}", RouteAccess.AdminOrRoles(Role.Owner), (e, r) => e.ChangeRole(r)) with
        {
            Doc = new("Identity", "Change a member's role (effective on their next request; the last owner cannot be demoted)") { RequestBody = typeof(ChangeRoleRequest) },
        },
        Endpoint<MemberEndpoints>.Route("members-remove", "DELETE", "/api/tenants/{tenantId}/members/{userId}", RouteAccess.AdminOrRoles(Finance), (e, r) => e.Remove(r)) with
        {
            Doc = new("Identity", "Remove a member (owners), or leave (yourself); their keys are revoked; the last owner cannot leave"),
        },
        Endpoint<InvitationEndpoints>.Route("invitations-create", "POST", "/api/tenants/{tenantId}/invitations", RouteAccess.AdminOrRoles(Role.Owner), (e, r) => e.Create(r)) with
        {
            Doc = new("Identity", "Invite someone: a single-use, expiring token (shown only here; no email is sent)") { RequestBody = typeof(CreateInvitationRequest) },
        },
        Endpoint<InvitationEndpoints>.Route("invitations-accept", "POST", "/api/invitations/{token}/accept", RouteAccess.AnyPrincipal, (e, r) => e.Accept(r)) with
        {
            Doc = new("Identity", "Accept an invitation as the signed-in user: the membership is created"),
        },
    ];
}
