using System.Text.Json.Nodes;
using Marketplace.Audit;
using Marketplace.Http;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Marketplace.Identity;

public sealed class MemberEndpoints(ITenantStore tenants, IMemberStore members, IPrincipalStore principals, IApiKeyStore keys, Events.IIntegrationEvents events,
    IOptions<IdentityOptions> identity, TimeProvider clock)
{
    public async Task<Results<Ok<List<Membership>>, NotFoundProblem>> List(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        if (!await TenantVisible(request, tenants, tenantId)) return NoTenant(tenantId);
        return TypedResults.Ok((await members.ListAsync(tenantId, request.Aborted)).ToList());
    }

    public async Task<Results<Created<Membership>, InvalidProblem, NotFoundProblem, ConflictProblem>> Add(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        if (!await TenantVisible(request, tenants, tenantId)) return NoTenant(tenantId);
        var body = await request.BodyAsync<AddMemberRequest>();
        var errors = new List<FieldError>();
        if (body.DisplayName is { Length: > 200 }) errors.Add(new("$.displayName", "displayName must be at most 200 characters."));
        if (body.Email is { Length: > 320 }) errors.Add(new("$.email", "email must be at most 320 characters."));
        string? principalId = null;
        if (body.UserId is { } userId)
        {
            if (body.Subject is not null || body.Issuer is not null) errors.Add(new("$.userId", "Give userId, or issuer and subject, not both."));
            else if (await principals.GetAsync(userId, request.Aborted) is { } known) principalId = known.Id;
            else errors.Add(new("$.userId", $"No user '{userId}' has signed in; add them by issuer and subject, or invite them."));
        }
        else if (body.Subject is { Length: > 0 and <= 256 } subject)
        {
            var issuer = body.Issuer ?? identity.Value.Issuer;
            if (issuer is null or { Length: > 512 }) errors.Add(new("$.issuer", "issuer is required (no issuer is configured), at most 512 characters."));
            else principalId = issuer.StartsWith("entra:", StringComparison.Ordinal) ? PrincipalIds.ForEntra(issuer[6..], subject) : PrincipalIds.For(issuer, subject);
        }
        else errors.Add(new("$.subject", "Give userId, or subject (1–256 characters) with an optional issuer."));
        if (errors.Count > 0) return new InvalidProblem(errors);

        var membership = new Membership(tenantId, principalId!, body.Kind, body.Role, body.DisplayName?.Trim(), body.Email?.Trim(),
            clock.GetUtcNow(), request.Caller.Principal ?? "admin");
        if (!await members.AddAsync(membership, request.Aborted)) return new ConflictProblem($"'{principalId}' is already a member; change their role instead.");
        RouteAudit.Note(request).After = new JsonObject { ["member"] = principalId, ["role"] = RoleName(body.Role) };
        return TypedResults.Created($"/api/tenants/{tenantId}/members/{principalId}", membership);
    }

    public async Task<Results<Ok<Membership>, NotFoundProblem, ConflictProblem>> ChangeRole(ApiRequest request)
    {
        var (tenantId, principalId) = (request.Route("tenantId"), request.Route("userId"));
        if (!await TenantVisible(request, tenants, tenantId)) return NoTenant(tenantId);
        var body = await request.BodyAsync<ChangeRoleRequest>();
        var before = await members.GetAsync(tenantId, principalId, request.Aborted);
        if (before is null) return NoMember(principalId);
        switch (await members.SetRoleAsync(tenantId, principalId, body.Role, request.Aborted))
        {
            case MemberChange.NotFound: return NoMember(principalId);
            case MemberChange.LastOwner: return new ConflictProblem("This is the tenant's last owner: make another member owner first.");
        }
        var note = RouteAudit.Note(request);
        (note.Before, note.After) = (new JsonObject { ["member"] = principalId, ["role"] = RoleName(before.Role) }, new JsonObject { ["member"] = principalId, ["role"] = RoleName(body.Role) });
        return TypedResults.Ok(before with { Role = body.Role });
    }

    /// <summary>An owner removes a member, or a member leaves; the keys the member created are revoked with them.</summary>
    public async Task<Results<NoContent, ForbiddenProblem, NotFoundProblem, ConflictProblem>> Remove(ApiRequest request)
    {
        var (tenantId, principalId) = (request.Route("tenantId"), request.Route("userId"));
        if (!await TenantVisible(request, tenants, tenantId)) return NoTenant(tenantId);
        var caller = request.Caller;
        var leaving = caller.IsSignedIn && caller.PrincipalId == principalId;
        if (!caller.IsAdmin && caller.Role != Tenancy.Role.Owner && !leaving) return new ForbiddenProblem("Only owners remove other members.");
        var before = await members.GetAsync(tenantId, principalId, request.Aborted);
        switch (await members.RemoveAsync(tenantId, principalId, request.Aborted))
        {
            case MemberChange.NotFound: return NoMember(principalId);
            case MemberChange.LastOwner: return new ConflictProblem("This is the tenant's last owner, who cannot leave: make another member owner first.");
        }
        var revoked = await RevokeKeysOfAsync(request, tenantId, principalId);
        var note = RouteAudit.Note(request);
        note.Before = new JsonObject { ["member"] = principalId, ["role"] = before is null ? null : RoleName(before.Role) };
        note.After = new JsonObject { ["revokedKeys"] = new JsonArray([.. revoked.Select(k => JsonValue.Create(k))]) };
        return TypedResults.NoContent();
    }

    async Task<List<string>> RevokeKeysOfAsync(ApiRequest request, string tenantId, string principalId)
    {
        var now = clock.GetUtcNow();
        var revoked = new List<string>();
        foreach (var key in await keys.ListAsync(tenantId, request.Aborted))
        {
            if (key.CreatedBy != principalId || key.RevokedAt is not null) continue;
            await keys.RevokeAsync(tenantId, key.KeyId, now, request.Aborted);
            await events.PublishAsync(Events.SystemEvents.KeyRevoked(tenantId, key.KeyId, now), request.Aborted);
            revoked.Add(key.KeyId);
        }
        return revoked;
    }

    static string RoleName(Role role) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(role.ToString());

    /// <summary>Another tenant's members answer exactly like a missing tenant.</summary>
    internal static async Task<bool> TenantVisible(ApiRequest request, ITenantStore tenants, string tenantId) =>
        request.Caller.CanActFor(tenantId) && await tenants.GetAsync(tenantId, request.Aborted) is not null;

    internal static NotFoundProblem NoTenant(string tenantId) => new($"No tenant '{tenantId}'.");

    static NotFoundProblem NoMember(string principalId) => new($"No member '{principalId}'.");
}
