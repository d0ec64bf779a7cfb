using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Http;

/// <summary>
/// Routes served by <typeparamref name="TEndpoints"/>, a feature's endpoint class built by DI with the services its
/// handlers use (so they are visible in its constructor). Each handler returns a typed result, from which the route
/// knows its responses, as ASP.NET's own endpoints do (<see cref="IEndpointMetadataProvider"/>).
/// </summary>
public static class Endpoint<TEndpoints> where TEndpoints : notnull
{
    public static ApiRoute Route<TResult>(string name, string method, string pattern, RouteAccess access, Func<TEndpoints, ApiRequest, Task<TResult>> handler)
        where TResult : IResult, IEndpointMetadataProvider =>
        // Results<…> only wraps the answer: the dispatcher (and its audit, which reads the status) gets the answer itself.
        new(name, method, pattern, access, async request => await handler(request.Http.RequestServices.GetRequiredService<TEndpoints>(), request) switch
        {
            INestedHttpResult nested => nested.Result,
            var result => result,
        })
        {
            Feature = ApiRoute.FeatureOf(typeof(TEndpoints), name),
            TypedResponses = Responses<TResult>(handler.Method, pattern),
        };

    /// <summary>
    /// A handler whose answer no result type describes (a server-sent event stream, bytes of any JSON, a protocol's
    /// own shapes): the route's <see cref="ApiRoute.Doc"/> lists its responses.
    /// </summary>
    public static ApiRoute Route(string name, string method, string pattern, RouteAccess access, Func<TEndpoints, ApiRequest, Task<IResult>> handler) =>
        new(name, method, pattern, access, request => handler(request.Http.RequestServices.GetRequiredService<TEndpoints>(), request))
        {
            Feature = ApiRoute.FeatureOf(typeof(TEndpoints), name),
        };

    static List<ApiResponseDoc> Responses<TResult>(MethodInfo method, string pattern) where TResult : IEndpointMetadataProvider
    {
        var builder = new RouteEndpointBuilder(null, RoutePatternFactory.Parse(pattern), 0);
        TResult.PopulateMetadata(method, builder);
        return builder.Metadata.OfType<IProducesResponseTypeMetadata>()
            .Select(m => new ApiResponseDoc(m.StatusCode, m.Description ?? ReasonPhrases.GetReasonPhrase(m.StatusCode), m.Type is null || m.Type == typeof(void) ? null : m.Type))
            .DistinctBy(r => r.Status).OrderBy(r => r.Status).ToList();
    }
}
