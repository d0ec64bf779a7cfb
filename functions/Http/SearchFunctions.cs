using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Http;

public sealed class SearchFunctions(ApiDispatcher api)
{
    [Function("search")]
    public Task<IResult> Search([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/search")] HttpRequest req) =>
        api.InvokeAsync("search", req.HttpContext);
}
