using Marketplace.Http;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Identity;

public static class MeEndpoints
{
    /// <summary>
    /// The caller: a signed-in principal (its profile is refreshed from the token here), with its memberships and the
    /// tenant this call acts for; a key: its tenant, role and scopes.
    /// </summary>
    public static async Task<IResult> Get(ApiRequest request)
    {
        var caller = request.Caller;
        if (caller.IsSignedIn && request.Http.Items[typeof(TokenIdentity)] is TokenIdentity identity)
        {
            var principal = await request.Service<IPrincipalStore>().UpsertAsync(InvitationEndpoints.ToPrincipal(identity, request.Service<TimeProvider>().GetUtcNow()), request.Aborted);
            var memberships = await request.Service<IMemberStore>().ForPrincipalAsync(principal.Id, request.Aborted);
            return Results.Ok(new MeView(principal.Id, principal.Kind, principal.DisplayName, principal.Email, null, caller.TenantId, caller.Role, null,
                memberships.Select(m => new MembershipView(m.TenantId, m.Role, m.JoinedAt)).ToList()));
        }
        return Results.Ok(new MeView(null, null, caller.IsAdmin ? "platform admin" : null, null, caller.KeyId, caller.TenantId, caller.Role,
            caller.Scopes?.Order(StringComparer.Ordinal).ToList(), []));
    }
}
