using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Http;

public sealed class AnalyticsFunctions(ApiDispatcher api)
{
    [Function("analytics-usage")]
    public Task<IResult> Usage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/analytics/usage")] HttpRequest req) =>
        api.InvokeAsync("analytics-usage", req.HttpContext);

    [Function("analytics-agent")]
    public Task<IResult> Agent([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/analytics/agents/{agentId}")] HttpRequest req) =>
        api.InvokeAsync("analytics-agent", req.HttpContext);
}
