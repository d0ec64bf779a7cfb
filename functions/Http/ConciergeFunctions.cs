// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class ConciergeFunctions(ApiDispatcher api)
{
    [Function("a2a-concierge-card")]
    public Task<IResult> A2aConciergeCard([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ".well-known/agent-card.json")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("a2a-concierge-card", req.HttpContext, durable);

    [Function("a2a-concierge-jsonrpc")]
    public Task<IResult> A2aConciergeJsonrpc([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "a2a/concierge")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("a2a-concierge-jsonrpc", req.HttpContext, durable);
}
