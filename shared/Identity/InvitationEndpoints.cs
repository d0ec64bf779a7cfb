using System.Text.Json.Nodes;
using Marketplace.Audit;
using Marketplace.Hosting;
using Marketplace.Http;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Marketplace.Identity;

public sealed class InvitationEndpoints(ITenantStore tenants, IInvitationStore invitations, IMemberStore members, IPrincipalStore principals,
    IOptions<MarketplaceOptions> options, TimeProvider clock)
{
    const int DefaultHours = 72;
    const int MaxHours = 30 * 24;

    public async Task<Results<Created<CreatedInvitation>, InvalidProblem, NotFoundProblem>> Create(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        if (!await MemberEndpoints.TenantVisible(request, tenants, tenantId)) return MemberEndpoints.NoTenant(tenantId);
        var body = await request.BodyAsync<CreateInvitationRequest>();
        var errors = new List<FieldError>();
        if (body.ExpiresInHours is < 1 or > MaxHours) errors.Add(new("$.expiresInHours", $"expiresInHours must be 1–{MaxHours}."));
        if (body.Email is { Length: > 320 }) errors.Add(new("$.email", "email must be at most 320 characters."));
        if (errors.Count > 0) return new InvalidProblem(errors);

        var token = InvitationTokens.New();
        var now = clock.GetUtcNow();
        var invitation = new Invitation(InvitationTokens.Hash(token), tenantId, body.Role, body.Email?.Trim(), request.Caller.Principal ?? "admin", now,
            now.AddHours(body.ExpiresInHours ?? DefaultHours), null, null);
        await invitations.CreateAsync(invitation, request.Aborted);
        // The token never enters the audit log: the entry names the invitation by the first characters of its hash.
        var note = RouteAudit.Note(request);
        note.Target = $"/api/tenants/{tenantId}/invitations/{invitation.TokenHash[..12]}";
        note.After = new JsonObject { ["role"] = System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(body.Role.ToString()), ["email"] = invitation.Email, ["expiresAt"] = invitation.ExpiresAt };
        var baseUrl = PublicUrls.Base(options.Value);
        return TypedResults.Created($"/api/tenants/{tenantId}/invitations",
            new CreatedInvitation(tenantId, body.Role, invitation.Email, invitation.ExpiresAt, token, $"{baseUrl}/api/invitations/{token}/accept"));
    }

    /// <summary>A signed-in user (not a key) accepts: the invitation is used up and the membership created.</summary>
    public async Task<Results<Ok<Membership>, ForbiddenProblem, NotFoundProblem, ConflictProblem, GoneProblem>> Accept(ApiRequest request)
    {
        var caller = request.Caller;
        if (!caller.IsSignedIn || request.Http.Items[typeof(TokenIdentity)] is not TokenIdentity identity)
            return new ForbiddenProblem("Invitations are accepted by a signed-in user: call with your access token, not a key.");
        var token = request.Route("token");
        // Unknown, malformed, expired and used tokens all say as little as possible about other tenants.
        if (!InvitationTokens.IsWellFormed(token)) return NoInvitation();
        var hash = InvitationTokens.Hash(token);
        var pending = await invitations.GetAsync(hash, request.Aborted);
        if (pending is null) return NoInvitation();
        if (await members.GetAsync(pending.TenantId, identity.PrincipalId, request.Aborted) is not null)
            return new ConflictProblem("You are already a member of this tenant; the invitation is left unused.");
        var now = clock.GetUtcNow();
        var (outcome, invitation) = await invitations.AcceptAsync(hash, identity.PrincipalId, now, request.Aborted);
        switch (outcome)
        {
            case AcceptOutcome.Unknown: return NoInvitation();
            case AcceptOutcome.Expired: return new GoneProblem("invitation-expired", "The invitation has expired.", "Ask for a new invitation.");
            case AcceptOutcome.Used: return new ConflictProblem("The invitation has already been used.");
        }
        await principals.UpsertAsync(ToPrincipal(identity, now), request.Aborted);
        var membership = new Membership(invitation!.TenantId, identity.PrincipalId, identity.Kind, invitation.Role, identity.DisplayName, identity.Email, now,
            invitation.CreatedBy);
        await members.AddAsync(membership, request.Aborted);
        var note = RouteAudit.Note(request);
        note.TenantId = invitation.TenantId;
        note.Target = $"/api/tenants/{invitation.TenantId}/invitations/{hash[..12]}";
        note.After = new JsonObject { ["member"] = identity.PrincipalId, ["role"] = System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(invitation.Role.ToString()) };
        return TypedResults.Ok(membership);
    }

    static NotFoundProblem NoInvitation() => new("No such invitation.");

    internal static Principal ToPrincipal(TokenIdentity identity, DateTimeOffset now) =>
        new(identity.PrincipalId, identity.Kind, identity.Issuer, identity.Subject, identity.DisplayName, identity.Email, now);
}
