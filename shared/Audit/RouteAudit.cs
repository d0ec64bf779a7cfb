using Marketplace.Http;
using Marketplace.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Audit;

/// <summary>
/// The dispatcher's hook: every successful mutating REST operation is one audit entry, so no handler can forget one.
/// Handlers add what only they know (before/after of a setting, the tenant of a new tenant) through <see cref="Note"/>.
/// Checks and calls are not changes: validating a definition and starting a run stay out (runs are in the run
/// history and usage records).
/// </summary>
public sealed class RouteAudit(IAuditLog log, TimeProvider clock, IOptions<Identity.IdentityOptions> identity, ILogger<RouteAudit> logger)
{
    readonly IReadOnlyList<System.Net.IPNetwork> trustedProxies = identity.Value.TrustedProxyNetworks();

    static readonly HashSet<string> NotChanges = new(StringComparer.Ordinal) { "workflows-validate", "runs-start" };

    public static AuditNote Note(ApiRequest request)
    {
        if (request.Http.Items[typeof(AuditNote)] is AuditNote note) return note;
        note = new AuditNote();
        request.Http.Items[typeof(AuditNote)] = note;
        return note;
    }

    public async Task RecordAsync(ApiRoute route, ApiRequest request, IResult result)
    {
        if (NotChanges.Contains(route.Name)) return;
        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        if (status >= 400) return;
        var note = request.Http.Items[typeof(AuditNote)] as AuditNote;
        var caller = request.Caller;
        var routeTenant = request.Route("tenantId");
        var tenantId = note?.TenantId ?? caller.TenantId ?? (routeTenant.Length > 0 ? routeTenant : null);
        if (tenantId is null) return;
        var (kind, actor) = caller switch
        {
            { IsAdmin: true } => (ActorKind.Admin, "admin"),
            { KeyId: { } keyId } => (ActorKind.Key, keyId),
            { Kind: Identity.PrincipalKind.Service } => (ActorKind.Service, caller.PrincipalId!),
            _ => (ActorKind.User, caller.PrincipalId ?? "unknown"),
        };
        var now = clock.GetUtcNow();
        var http = request.Http;
        var userAgent = http.Request.Headers.UserAgent.ToString();
        var entry = new AuditEntry(tenantId, TableAuditLog.RowKey(now, Ids.Random(6)), now, route.Name, route.Method, note?.Target ?? http.Request.Path.Value ?? "",
            kind, actor, caller.KeyId, ClientAddress.Of(http, trustedProxies), userAgent.Length == 0 ? null : userAgent[..Math.Min(userAgent.Length, 256)],
            status, note?.Before, note?.After);
        try
        {
            // The change is made and answered either way: a failed audit write is an error to look at, not the caller's.
            await log.RecordAsync(entry, CancellationToken.None);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or TimeoutException)
        {
            logger.LogError(ex, "Audit entry for {Route} in {TenantId} was not written", route.Name, tenantId);
        }
    }
}
