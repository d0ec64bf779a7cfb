// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class AnalyticsFunctions(ApiDispatcher api)
{
    [Function("analytics-usage")]
    public Task<IResult> AnalyticsUsage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/analytics/usage")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("analytics-usage", req.HttpContext, durable);

    [Function("analytics-agent")]
    public Task<IResult> AnalyticsAgent([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/analytics/agents/{agentId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("analytics-agent", req.HttpContext, durable);
}
