using Marketplace.Http;
using Microsoft.AspNetCore.Mvc;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Tenancy;

/// <summary>The routes of tenants and API keys: the route table serves these, in this order.</summary>
public static class TenancyRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("tenants-create", "POST", "/api/tenants", RouteAccess.AdminOnly, TenantEndpoints.Create)
        {
            Doc = new("Tenants", "Create a tenant") { RequestBody = typeof(CreateTenantRequest), Responses = [new(201, "Created", typeof(Tenant)), Problem400, Problem401, Problem403, new(409, "Id taken", typeof(ProblemDetails))] },
        },
        new("tenants-get", "GET", "/api/tenants/{tenantId}", RouteAccess.AdminOrRoles(Finance) with { Scope = KeyScopes.BillingRead }, TenantEndpoints.Get)
        {
            Doc = new("Tenants", "Get a tenant") { Responses = [new(200, "The tenant", typeof(Tenant)), Problem401, Problem404] },
        },
        new("keys-create", "POST", "/api/tenants/{tenantId}/keys", RouteAccess.AdminOrRoles(Role.Owner), KeyEndpoints.Create)
        {
            Doc = new("Tenants", "Create an API key (the key is shown only in this response)") { RequestBody = typeof(CreateApiKeyRequest), Responses = [new(201, "Created", typeof(CreatedApiKey)), Problem400, Problem401, Problem403, Problem404] },
        },
        new("keys-list", "GET", "/api/tenants/{tenantId}/keys", RouteAccess.AdminOrRoles(Role.Owner), KeyEndpoints.List)
        {
            Doc = new("Tenants", "List API keys (no secrets)") { Responses = [new(200, "The keys", typeof(List<ApiKeyView>)), Problem401, Problem403, Problem404] },
        },
        new("keys-revoke", "DELETE", "/api/tenants/{tenantId}/keys/{keyId}", RouteAccess.AdminOrRoles(Role.Owner), KeyEndpoints.Revoke)
        {
            Doc = new("Tenants", "Revoke an API key at once") { Responses = [new(204, "Revoked"), Problem401, Problem403, Problem404] },
        },
    ];
}
