using Marketplace.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace Marketplace.Http;

/// <summary>
/// An authenticated, authorized call to a route, with its route values and the Durable client of the invocation
/// (<see cref="Durable"/>), which handlers pass on to whatever starts or signals orchestrations. Its handler's
/// services come in through its endpoint class.
/// </summary>
public sealed record ApiRequest(HttpContext Http, Caller Caller, RouteValueDictionary RouteValues, DurableTaskClient Durable)
{
    public CancellationToken Aborted => Http.RequestAborted;

    public string Route(string name) => RouteValues.TryGetValue(name, out var v) ? Convert.ToString(v) ?? "" : "";

    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null;

    public string? Header(string name) => Http.Request.Headers.TryGetValue(name, out var v) ? v.ToString() : null;

    /// <summary>Reads the JSON body into a typed payload; any problem becomes a 400/413/415 <see cref="Errors.DomainException"/>.</summary>
    public Task<T> BodyAsync<T>() => JsonBody.ReadAsync<T>(Http);
}
