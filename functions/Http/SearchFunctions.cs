// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class SearchFunctions(ApiDispatcher api)
{
    [Function("search")]
    public Task<IResult> Search([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/search")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("search", req.HttpContext, durable);
}
