// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class AuditFunctions(ApiDispatcher api)
{
    [Function("audit-list")]
    public Task<IResult> AuditList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tenants/{tenantId}/audit")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("audit-list", req.HttpContext, durable);
}
