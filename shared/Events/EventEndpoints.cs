using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.Events;

public sealed class EventEndpoints(IEventPublisher publisher)
{
    /// <summary>Recent events seen by this instance's local topic sink; in Azure, events are read from Service Bus.</summary>
    public Task<Results<Ok<List<IntegrationEvent>>, NotFoundProblem>> Recent(ApiRequest request) =>
        Task.FromResult<Results<Ok<List<IntegrationEvent>>, NotFoundProblem>>(publisher is LocalEventPublisher local
            ? TypedResults.Ok(local.Recent(request.Query("topic")).ToList())
            : new NotFoundProblem("Events are published to Service Bus; read them from its topics."));
}
