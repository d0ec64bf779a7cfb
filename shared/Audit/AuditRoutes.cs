using Marketplace.Http;
using Marketplace.Tenancy;

namespace Marketplace.Audit;

/// <summary>The routes of the change log: the route table serves these, in this order.</summary>
public static class AuditRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        Endpoint<AuditEndpoints>.Route("audit-list", "GET", "/api/tenants/{tenantId}/audit", RouteAccess.AdminOrRoles(Role.Owner), (e, r) => e.List(r)) with
        {
            Doc = new("Identity", "Who changed what in the tenant, newest first")
            {
                Query =
                [
                    new("action", typeof(string), "Only this operation (e.g. members-role, keys-create)"),
                    new("actor", typeof(string), "Only this user, service principal or key id"),
                    new("since", typeof(string), "ISO 8601: only entries at or after this time"),
                    new("limit", typeof(int), "Page size, 1–200 (default 50)"),
                    new("cursor", typeof(string), "nextCursor of the previous page"),
                ],
            },
        },
    ];
}
