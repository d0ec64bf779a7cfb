using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Identity;

public sealed class MeEndpoints(IPrincipalStore principals, IMemberStore members, TimeProvider clock)
{
    /// <summary>
    /// The caller: a signed-in principal (its profile is refreshed from the token here), with its memberships and the
    /// tenant this call acts for; a key: its tenant, role and scopes.
    /// </summary>
    public async Task<Ok<MeView>> Get(ApiRequest request)
    {
        var caller = request.Caller;
        if (caller.IsSignedIn && request.Http.Items[typeof(TokenIdentity)] is TokenIdentity identity)
        {
            var principal = await principals.UpsertAsync(InvitationEndpoints.ToPrincipal(identity, clock.GetUtcNow()), request.Aborted);
            var memberships = await members.ForPrincipalAsync(principal.Id, request.Aborted);
            return TypedResults.Ok(new MeView(principal.Id, principal.Kind, principal.DisplayName, principal.Email, null, caller.TenantId, caller.Role, null,
                memberships.Select(m => new MembershipView(m.TenantId, m.Role, m.JoinedAt)).ToList()));
        }
        return TypedResults.Ok(new MeView(null, null, caller.IsAdmin ? "platform admin" : null, null, caller.KeyId, caller.TenantId, caller.Role,
            caller.Scopes?.Order(StringComparer.Ordinal).ToList(), []));
    }
}
