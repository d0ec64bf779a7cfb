// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class OpenApiFunctions(ApiDispatcher api)
{
    [Function("openapi")]
    public Task<IResult> Openapi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.json")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("openapi", req.HttpContext, durable);

    [Function("schemas")]
    public Task<IResult> Schemas([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/schemas/{name}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("schemas", req.HttpContext, durable);
}
