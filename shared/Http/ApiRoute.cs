using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Marketplace.Http;

/// <summary>Handles one REST operation once the caller is authenticated and allowed.</summary>
public delegate Task<IResult> ApiHandler(ApiRequest request);

/// <summary>
/// One REST operation. The route table is the single source both hosts serve from: the standalone host maps it,
/// every Functions wrapper dispatches to it by name, and the OpenAPI document is generated from it.
/// </summary>
public sealed record ApiRoute(string Name, string Method, string Pattern, RouteAccess Access, ApiHandler Handler)
{
    /// <summary>The REST API's description; protocol endpoints (A2A, MCP) have none and stay out of the OpenAPI document.</summary>
    public ApiOperationDoc? Doc { get; init; }

    /// <summary>
    /// Path values that are names in another registry's format (an MCP server name arrives URL-encoded, slash and
    /// all), not marketplace ids: the handler checks them instead of the dispatcher's id rule.
    /// </summary>
    public IReadOnlySet<string> ForeignNames { get; init; } = new HashSet<string>();

    /// <summary>The feature the route belongs to (its Functions wrapper class): the first namespace segment below <c>Marketplace</c>.</summary>
    public string Feature { get; init; } = FeatureOf(Handler.Method.DeclaringType, Name);

    /// <summary>
    /// What the handler can answer, read from its typed result (<c>Results&lt;Ok&lt;T&gt;, NotFoundProblem, …&gt;</c>);
    /// null for a handler that returns a plain <see cref="IResult"/>, whose <see cref="Doc"/> lists its responses.
    /// </summary>
    public IReadOnlyList<ApiResponseDoc>? TypedResponses { get; init; }

    internal TemplateMatcher Matcher { get; } = new(TemplateParser.Parse(Pattern.TrimStart('/')), new RouteValueDictionary());

    internal static string FeatureOf(Type? type, string route)
    {
        var parts = type?.Namespace?.Split('.') ?? [];
        return parts.Length > 1 && parts[0] == "Marketplace" ? parts[1] : throw new InvalidOperationException($"{route}: handler outside Marketplace.* ({type}).");
    }
}
