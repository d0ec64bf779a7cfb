// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class EventsFunctions(ApiDispatcher api)
{
    [Function("admin-events")]
    public Task<IResult> AdminEvents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/events")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("admin-events", req.HttpContext, durable);
}
