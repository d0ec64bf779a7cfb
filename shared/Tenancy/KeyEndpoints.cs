using Marketplace.Events;
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Tenancy;

public sealed class KeyEndpoints(ITenantStore tenants, IApiKeyStore keys, IIntegrationEvents events, TimeProvider clock)
{
    public async Task<Results<Created<CreatedApiKey>, InvalidProblem, NotFoundProblem>> Create(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        if (!await TenantVisible(request, tenantId)) return new NotFoundProblem($"No tenant '{tenantId}'.");
        var body = await request.BodyAsync<CreateApiKeyRequest>();
        var errors = new List<FieldError>();
        if (body.Name is { Length: > 100 }) errors.Add(new("$.name", "Name must be at most 100 characters."));
        if (body.Scopes?.FirstOrDefault(s => !KeyScopes.All.Contains(s)) is { } unknown)
            errors.Add(new("$.scopes", $"Unknown scope '{unknown}'. Scopes: {string.Join(", ", KeyScopes.All)}."));
        if (errors.Count > 0) return new InvalidProblem(errors);

        var (keyId, secret, key) = ApiKeyFormat.New(tenantId);
        var caller = request.Caller;
        var record = new ApiKeyRecord(tenantId, keyId, body.Name?.Trim() ?? body.Role.ToString().ToLowerInvariant(), body.Role,
            ApiKeyFormat.Hash(secret), clock.GetUtcNow(), null)
        {
            // A key made with a key belongs to that key's creator, so removing the member revokes both.
            CreatedBy = caller.IsAdmin ? "admin" : caller.PrincipalId ?? caller.KeyId,
            Scopes = body.Scopes is { Count: > 0 } scopes ? scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() : null,
        };
        await keys.CreateAsync(record, request.Aborted);
        var view = record.ToView();
        return TypedResults.Created($"/api/tenants/{tenantId}/keys/{keyId}",
            new CreatedApiKey(view.KeyId, view.Name, view.Role, view.Prefix, view.CreatedAt, key) { CreatedBy = view.CreatedBy, Scopes = view.Scopes });
    }

    public async Task<Results<Ok<List<ApiKeyView>>, NotFoundProblem>> List(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        if (!await TenantVisible(request, tenantId)) return new NotFoundProblem($"No tenant '{tenantId}'.");
        return TypedResults.Ok((await keys.ListAsync(tenantId, request.Aborted)).Select(k => k.ToView()).ToList());
    }

    public async Task<Results<NoContent, NotFoundProblem>> Revoke(ApiRequest request)
    {
        var (tenantId, keyId) = (request.Route("tenantId"), request.Route("keyId"));
        if (!await TenantVisible(request, tenantId)) return new NotFoundProblem($"No tenant '{tenantId}'.");
        var now = clock.GetUtcNow();
        if (!await keys.RevokeAsync(tenantId, keyId, now, request.Aborted)) return new NotFoundProblem($"No key '{keyId}'.");
        await events.PublishAsync(SystemEvents.KeyRevoked(tenantId, keyId, now), request.Aborted);
        return TypedResults.NoContent();
    }

    /// <summary>Another tenant's keys answer exactly like a missing tenant.</summary>
    async Task<bool> TenantVisible(ApiRequest request, string tenantId) =>
        request.Caller.CanActFor(tenantId) && await tenants.GetAsync(tenantId, request.Aborted) is not null;
}
