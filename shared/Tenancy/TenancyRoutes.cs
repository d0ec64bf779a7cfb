using Marketplace.Http;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Tenancy;

/// <summary>The routes of tenants and API keys: the route table serves these, in this order.</summary>
public static class TenancyRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        Endpoint<TenantEndpoints>.Route("tenants-create", "POST", "/api/tenants", RouteAccess.AdminOnly, (e, r) => e.Create(r)) with
        {
            Doc = new("Tenants", "Create a tenant") { RequestBody = typeof(CreateTenantRequest) },
        },
        Endpoint<TenantEndpoints>.Route("tenants-get", "GET", "/api/tenants/{tenantId}", RouteAccess.AdminOrRoles(Finance) with { Scope = KeyScopes.BillingRead }, (e, r) => e.Get(r)) with
        {
            Doc = new("Tenants", "Get a tenant"),
        },
        Endpoint<KeyEndpoints>.Route("keys-create", "POST", "/api/tenants/{tenantId}/keys", RouteAccess.AdminOrRoles(Role.Owner), (e, r) => e.Create(r)) with
        {
            Doc = new("Tenants", "Create an API key (the key is shown only in this response)") { RequestBody = typeof(CreateApiKeyRequest) },
        },
        Endpoint<KeyEndpoints>.Route("keys-list", "GET", "/api/tenants/{tenantId}/keys", RouteAccess.AdminOrRoles(Role.Owner), (e, r) => e.List(r)) with
        {
            Doc = new("Tenants", "List API keys (no secrets)"),
        },
        Endpoint<KeyEndpoints>.Route("keys-revoke", "DELETE", "/api/tenants/{tenantId}/keys/{keyId}", RouteAccess.AdminOrRoles(Role.Owner), (e, r) => e.Revoke(r)) with
        {
            Doc = new("Tenants", "Revoke an API key at once"),
        },
    ];
}
