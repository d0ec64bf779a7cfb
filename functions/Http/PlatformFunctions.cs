using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Http;

public sealed class PlatformFunctions(ApiDispatcher api)
{
    [Function("health")]
    public Task<IResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest req) =>
        api.InvokeAsync("health", req.HttpContext);

    [Function("openapi")]
    public Task<IResult> Openapi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.json")] HttpRequest req) =>
        api.InvokeAsync("openapi", req.HttpContext);

    [Function("admin-events")]
    public Task<IResult> AdminEvents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/events")] HttpRequest req) =>
        api.InvokeAsync("admin-events", req.HttpContext);
}
