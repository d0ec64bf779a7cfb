using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Events;

public static class EventEndpoints
{
    /// <summary>Recent events seen by this instance's local topic sink; in Azure, events are read from Service Bus.</summary>
    public static Task<IResult> Recent(ApiRequest request)
    {
        var local = request.Http.RequestServices.GetService<IEventPublisher>() as LocalEventPublisher;
        return Task.FromResult(local is null
            ? Problems.NotFound("Events are published to Service Bus; read them from its topics.")
            : Results.Ok(local.Recent(request.Query("topic"))));
    }
}
