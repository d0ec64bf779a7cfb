using Marketplace.Http;
using Marketplace.Tenancy;
using static Marketplace.Http.RouteDocs;

namespace Marketplace.Billing;

/// <summary>The routes of credit, ledger, statements and payouts: the route table serves these, in this order.</summary>
public static class BillingRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("billing-balance", "GET", "/api/billing/balance", RouteAccess.TenantRoles(Finance) with { Scope = KeyScopes.BillingRead }, BillingEndpoints.Balance)
        {
            Doc = new("Billing", "This tenant's credit: balance, reservations, grants in spend order (micro-credits)") { Responses = [new(200, "The balance", typeof(BalanceView)), Problem401] },
        },
        new("billing-ledger", "GET", "/api/billing/ledger", RouteAccess.TenantRoles(Finance) with { Scope = KeyScopes.BillingRead }, BillingEndpoints.Ledger)
        {
            Doc = new("Billing", "This tenant's ledger entries, by period") { Responses = [new(200, "A page of entries", typeof(LedgerPage)), Problem400, Problem401], Query = [new("period", typeof(string), "A month, yyyy-MM"), new("limit", typeof(int), "1–1000 (default 100)"), new("next", typeof(string), "Cursor from the previous page")] },
        },
        new("billing-rejections", "GET", "/api/billing/rejections", RouteAccess.TenantRoles(Finance) with { Scope = KeyScopes.BillingRead }, BillingEndpoints.Rejections)
        {
            Doc = new("Billing", "Usage events the billing worker refused, and why") { Responses = [new(200, "The rejections", typeof(List<UsageRejection>)), Problem401] },
        },
        new("billing-statement", "GET", "/api/billing/statements/{period}", RouteAccess.TenantRoles(Finance) with { Scope = KeyScopes.BillingRead }, BillingEndpoints.Statement)
        {
            Doc = new("Billing", "This tenant's statement for a month (JSON, or CSV with ?format=csv or Accept: text/csv)") { Responses = [new(200, "The statement", typeof(Statement)), Problem400, Problem401] },
        },
        new("billing-payout", "GET", "/api/billing/payouts/{period}", RouteAccess.TenantRoles(Role.Owner, Role.Publisher), BillingEndpoints.Payout)
        {
            Doc = new("Billing", "What this publisher's agents earned in a month") { Responses = [new(200, "The payout report", typeof(PayoutReport)), Problem400, Problem401, Problem403] },
        },
        new("billing-close", "POST", "/api/admin/billing/statements/{tenantId}/{period}/close", RouteAccess.AdminOnly, BillingEndpoints.Close)
        {
            Doc = new("Billing", "Close a tenant's month: its statement is final, later usage for it becomes an adjustment") { Responses = [new(200, "The balance, with the closed month", typeof(BalanceView)), Problem400, Problem401, Problem403, Problem404] },
        },
        new("billing-grant", "POST", "/api/admin/tenants/{tenantId}/credits", RouteAccess.AdminOnly, BillingEndpoints.Grant)
        {
            Doc = new("Billing", "Grant credit to a tenant (paid or promotional)") { RequestBody = typeof(GrantCreditRequest), Responses = [new(200, "The new balance", typeof(BalanceView)), Problem400, Problem401, Problem403, Problem404] },
        },
        new("billing-reconcile", "GET", "/api/admin/billing/reconcile/{tenantId}", RouteAccess.AdminOnly, BillingEndpoints.Reconcile)
        {
            Doc = new("Billing", "Prove a tenant's ledger balances and matches the usage applied") { Responses = [new(200, "The reconciliation", typeof(Reconciliation)), Problem401, Problem403] },
        },
        new("billing-poison", "GET", "/api/admin/billing/poison", RouteAccess.AdminOnly, BillingEndpoints.Poison)
        {
            Doc = new("Billing", "Usage messages the billing worker gave up on") { Responses = [new(200, "Up to 32 messages", typeof(List<PoisonMessage>)), Problem401, Problem403] },
        },
    ];
}
