using Marketplace.Http;
using Marketplace.Tenancy;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Billing;

/// <summary>The routes of credit, ledger, statements and payouts: the route table serves these, in this order.</summary>
public static class BillingRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        Endpoint<BillingEndpoints>.Route("billing-balance", "GET", "/api/billing/balance", RouteAccess.TenantRoles(Finance) with { Scope = KeyScopes.BillingRead }, (e, r) => e.Balance(r)) with
        {
            Doc = new("Billing", "This tenant's credit: balance, reservations, grants in spend order (micro-credits)"),
        },
        Endpoint<BillingEndpoints>.Route("billing-ledger", "GET", "/api/billing/ledger", RouteAccess.TenantRoles(Finance) with { Scope = KeyScopes.BillingRead }, (e, r) => e.Ledger(r)) with
        {
            Doc = new("Billing", "This tenant's ledger entries, by period") { Query = [new("period", typeof(string), "A month, yyyy-MM"), new("limit", typeof(int), "1–1000 (default 100)"), new("next", typeof(string), "Cursor from the previous page")] },
        },
        Endpoint<BillingEndpoints>.Route("billing-rejections", "GET", "/api/billing/rejections", RouteAccess.TenantRoles(Finance) with { Scope = KeyScopes.BillingRead }, (e, r) => e.Rejections(r)) with
        {
            Doc = new("Billing", "Usage events the billing worker refused, and why"),
        },
        Endpoint<BillingEndpoints>.Route("billing-statement", "GET", "/api/billing/statements/{period}", RouteAccess.TenantRoles(Finance) with { Scope = KeyScopes.BillingRead }, (e, r) => e.Statement(r)) with
        {
            Doc = new("Billing", "This tenant's statement for a month (JSON, or CSV with ?format=csv or Accept: text/csv)") { Query = [new("format", typeof(string), "csv: the statement as CSV")] },
        },
        Endpoint<BillingEndpoints>.Route("billing-payout", "GET", "/api/billing/payouts/{period}", RouteAccess.TenantRoles(Role.Owner, Role.Publisher), (e, r) => e.Payout(r)) with
        {
            Doc = new("Billing", "What this publisher's agents earned in a month"),
        },
        Endpoint<BillingEndpoints>.Route("billing-close", "POST", "/api/admin/billing/statements/{tenantId}/{period}/close", RouteAccess.AdminOnly, (e, r) => e.Close(r)) with
        {
            Doc = new("Billing", "Close a tenant's month: its statement is final, later usage for it becomes an adjustment"),
        },
        Endpoint<BillingEndpoints>.Route("billing-grant", "POST", "/api/admin/tenants/{tenantId}/credits", RouteAccess.AdminOnly, (e, r) => e.Grant(r)) with
        {
            Doc = new("Billing", "Grant credit to a tenant (paid or promotional)") { RequestBody = typeof(GrantCreditRequest) },
        },
        Endpoint<BillingEndpoints>.Route("billing-reconcile", "GET", "/api/admin/billing/reconcile/{tenantId}", RouteAccess.AdminOnly, (e, r) => e.Reconcile(r)) with
        {
            Doc = new("Billing", "Prove a tenant's ledger balances and matches the usage applied"),
        },
        Endpoint<BillingEndpoints>.Route("billing-poison", "GET", "/api/admin/billing/poison", RouteAccess.AdminOnly, (e, r) => e.Poison(r)) with
        {
            Doc = new("Billing", "Usage messages the billing worker gave up on"),
        },
    ];
}
