using Marketplace.Http;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Mvc;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Identity;

/// <summary>The routes of the caller, members and invitations: the route table serves these, in this order.</summary>
public static class IdentityRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("console-config", "GET", "/api/console/config", RouteAccess.Anonymous, ConsoleConfigEndpoints.Get)
        {
            Doc = new("Identity", "How the browser console signs in: the OpenID issuer and its client, or none (API keys only)") { Responses = [new(200, "The console's settings", typeof(ConsoleConfig))] },
        },
        new("me", "GET", "/api/me", RouteAccess.AnyPrincipal, MeEndpoints.Get)
        {
            Doc = new("Identity", "Who is calling: the signed-in user or service and its memberships, or the key's tenant, role and scopes") { Responses = [new(200, "The caller", typeof(MeView)), Problem401] },
        },
        new("members-list", "GET", "/api/tenants/{tenantId}/members", RouteAccess.AdminOrRoles(Finance), MemberEndpoints.List)
        {
            Doc = new("Identity", "The tenant's members and their roles") { Responses = [new(200, "The members, oldest first", typeof(List<Membership>)), Problem401, Problem403, Problem404] },
        },
        new("members-add", "POST", "/api/tenants/{tenantId}/members", RouteAccess.AdminOrRoles(Role.Owner), MemberEndpoints.Add)
        {
            Doc = new("Identity", "Add a user or service principal (by user id, or by issuer and subject) with a role") { RequestBody = typeof(AddMemberRequest), Responses = [new(201, "Added", typeof(Membership)), Problem400, Problem401, Problem403, Problem404, Problem409] },
        },
        new("members-role", "PUT", "/api/tenants/{tenantId}/members/{userId}", RouteAccess.AdminOrRoles(Role.Owner), MemberEndpoints.ChangeRole)
        {
            Doc = new("Identity", "Change a member's role (effective on their next request; the last owner cannot be demoted)") { RequestBody = typeof(ChangeRoleRequest), Responses = [new(200, "Changed", typeof(Membership)), Problem400, Problem401, Problem403, Problem404, Problem409] },
        },
        new("members-remove", "DELETE", "/api/tenants/{tenantId}/members/{userId}", RouteAccess.AdminOrRoles(Finance), MemberEndpoints.Remove)
        {
            Doc = new("Identity", "Remove a member (owners), or leave (yourself); their keys are revoked; the last owner cannot leave") { Responses = [new(204, "Removed"), Problem401, Problem403, Problem404, Problem409] },
        },
        new("invitations-create", "POST", "/api/tenants/{tenantId}/invitations", RouteAccess.AdminOrRoles(Role.Owner), InvitationEndpoints.Create)
        {
            Doc = new("Identity", "Invite someone: a single-use, expiring token (shown only here; no email is sent)") { RequestBody = typeof(CreateInvitationRequest), Responses = [new(201, "Created", typeof(CreatedInvitation)), Problem400, Problem401, Problem403, Problem404] },
        },
        new("invitations-accept", "POST", "/api/invitations/{token}/accept", RouteAccess.AnyPrincipal, InvitationEndpoints.Accept)
        {
            Doc = new("Identity", "Accept an invitation as the signed-in user: the membership is created") { Responses = [new(200, "Joined", typeof(Membership)), Problem401, Problem403, Problem404, new(409, "Used, or already a member", typeof(ProblemDetails)), new(410, "Expired", typeof(ProblemDetails))] },
        },
    ];
}
