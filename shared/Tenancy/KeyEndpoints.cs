using Marketplace.Http;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Tenancy;

public static class KeyEndpoints
{
    public static async Task<IResult> Create(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        if (!await TenantVisible(request, tenantId)) return Problems.NotFound($"No tenant '{tenantId}'.");
        var body = await request.BodyAsync<CreateApiKeyRequest>();
        var errors = new List<FieldError>();
        if (body.Name is { Length: > 100 }) errors.Add(new("$.name", "Name must be at most 100 characters."));
        if (body.Scopes?.FirstOrDefault(s => !KeyScopes.All.Contains(s)) is { } unknown)
            errors.Add(new("$.scopes", $"Unknown scope '{unknown}'. Scopes: {string.Join(", ", KeyScopes.All)}."));
        if (errors.Count > 0) return Problems.Validation(errors);

        var (keyId, secret, key) = ApiKeyFormat.New(tenantId);
        var caller = request.Caller;
        var record = new ApiKeyRecord(tenantId, keyId, body.Name?.Trim() ?? body.Role.ToString().ToLowerInvariant(), body.Role,
            ApiKeyFormat.Hash(secret), request.Service<TimeProvider>().GetUtcNow(), null)
        {
            // A key made with a key belongs to that key's creator, so removing the member revokes both.
            CreatedBy = caller.IsAdmin ? "admin" : caller.PrincipalId ?? caller.KeyId,
            Scopes = body.Scopes is { Count: > 0 } scopes ? scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() : null,
        };
        await request.Service<IApiKeyStore>().CreateAsync(record, request.Aborted);
        var view = record.ToView();
        return Results.Created($"/api/tenants/{tenantId}/keys/{keyId}",
            new CreatedApiKey(view.KeyId, view.Name, view.Role, view.Prefix, view.CreatedAt, key) { CreatedBy = view.CreatedBy, Scopes = view.Scopes });
    }

    public static async Task<IResult> List(ApiRequest request)
    {
        var tenantId = request.Route("tenantId");
        if (!await TenantVisible(request, tenantId)) return Problems.NotFound($"No tenant '{tenantId}'.");
        var keys = await request.Service<IApiKeyStore>().ListAsync(tenantId, request.Aborted);
        return Results.Ok(keys.Select(k => k.ToView()).ToList());
    }

    public static async Task<IResult> Revoke(ApiRequest request)
    {
        var (tenantId, keyId) = (request.Route("tenantId"), request.Route("keyId"));
        if (!await TenantVisible(request, tenantId)) return Problems.NotFound($"No tenant '{tenantId}'.");
        var now = request.Service<TimeProvider>().GetUtcNow();
        if (!await request.Service<IApiKeyStore>().RevokeAsync(tenantId, keyId, now, request.Aborted)) return Problems.NotFound($"No key '{keyId}'.");
        await request.Service<Events.IIntegrationEvents>().PublishAsync(Events.SystemEvents.KeyRevoked(tenantId, keyId, now), request.Aborted);
        return Results.NoContent();
    }

    /// <summary>Another tenant's keys answer exactly like a missing tenant.</summary>
    static async Task<bool> TenantVisible(ApiRequest request, string tenantId) =>
        request.Caller.CanActFor(tenantId) && await request.Service<ITenantStore>().GetAsync(tenantId, request.Aborted) is not null;
}
