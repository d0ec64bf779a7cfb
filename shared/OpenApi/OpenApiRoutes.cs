using Marketplace.Http;

namespace Marketplace.OpenApi;

/// <summary>The routes of the OpenAPI document and the shape schemas: the route table serves these, in this order.</summary>
public static class OpenApiRoutes
{
    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        Endpoint<OpenApiEndpoints>.Route("openapi", "GET", "/api/openapi.json", RouteAccess.Anonymous, (e, r) => e.Get(r)) with
        {
            Doc = new("Platform", "This OpenAPI 3.1 document") { Responses = [new(200, "The document")] },
        },
        new("schemas", "GET", "/api/schemas/{name}", RouteAccess.Anonymous, SchemaEndpoints.Get)
        {
            Doc = new("Platform", "A JSON Schema (2020-12) the API checks shapes with: agent-card.schema.json, agent-card-v03.schema.json, workflow.schema.json")
            {
                Responses = [new(200, "The schema"), RouteDocs.Problem404],
            },
        },
    ];
}
