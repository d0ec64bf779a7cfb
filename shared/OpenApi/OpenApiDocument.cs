using Marketplace.Serialization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Marketplace.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Template;

namespace Marketplace.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 description from the route table itself, so both hosts serve the same document and it
/// cannot drift from what is routed. Schemas come from the payload records via <see cref="JsonSchemaExporter"/>.
/// </summary>
public static class OpenApiDocument
{
    public static JsonObject Build(IEnumerable<ApiRoute> routes)
    {
        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (var route in routes.Where(r => r.Doc is not null).OrderBy(r => r.Pattern, StringComparer.Ordinal))
        {
            if (paths[route.Pattern] is not JsonObject item) paths[route.Pattern] = item = new JsonObject();
            item[route.Method.ToLowerInvariant()] = Operation(route, schemas);
        }
        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "Agent Marketplace API",
                ["version"] = "1.0",
                ["description"] = "Tenants, API keys and the agent registry. Errors are RFC 9457 problem documents.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject
                {
                    ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-API-Key" },
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer" },
                },
            },
        };
    }

    static JsonObject Operation(ApiRoute route, JsonObject schemas)
    {
        var doc = route.Doc!;
        var responses = ResponsesOf(route);
        var parameters = new JsonArray();
        foreach (var segment in TemplateParser.Parse(route.Pattern.TrimStart('/')).Parameters)
            parameters.Add(new JsonObject { ["name"] = segment.Name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } });
        foreach (var q in doc.Query)
            parameters.Add(new JsonObject { ["name"] = q.Name, ["in"] = "query", ["required"] = false, ["description"] = q.Description, ["schema"] = Schema(q.Type, schemas) });
        if (route.Method is "PUT" or "DELETE" && responses.Any(r => r.Status == 412))
            parameters.Add(new JsonObject { ["name"] = "If-Match", ["in"] = "header", ["required"] = route.Method == "PUT", ["schema"] = new JsonObject { ["type"] = "string" } });

        var operation = new JsonObject
        {
            ["operationId"] = route.Name,
            ["tags"] = new JsonArray(doc.Tag),
            ["summary"] = doc.Summary,
            ["parameters"] = parameters,
            ["responses"] = Responses(responses, schemas),
            ["security"] = route.Access switch
            {
                // Anonymous, or with a key that widens the answer.
                { IdentifiesCaller: true } => new JsonArray(new JsonObject(), new JsonObject { ["apiKey"] = new JsonArray() }, new JsonObject { ["bearer"] = new JsonArray() }),
                { Open: true } => new JsonArray(),
                _ => new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() }, new JsonObject { ["bearer"] = new JsonArray() }),
            },
        };
        if (doc.RequestBody is { } body)
            operation["requestBody"] = new JsonObject { ["required"] = true, ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Schema(body, schemas) } } };
        return operation;
    }

    /// <summary>
    /// A typed handler's own responses, plus those the dispatcher gives every such route: 400 for a body or query it
    /// reads, 401 and 403 for a credential it needs, 404 for a path id no resource could have.
    /// </summary>
    static IReadOnlyList<ApiResponseDoc> ResponsesOf(ApiRoute route)
    {
        if (route.TypedResponses is not { } typed) return route.Doc!.Responses;
        var implied = new List<ApiResponseDoc>();
        if (route.Doc!.RequestBody is not null || route.Doc.Query.Count > 0) implied.Add(RouteDocs.Problem400);
        if (!route.Access.Open || route.Access.IdentifiesCaller) implied.Add(RouteDocs.Problem401);
        if (!route.Access.Open && !route.Access.AnyAuthenticated) implied.Add(RouteDocs.Problem403);
        if (route.Pattern.Contains('{')) implied.Add(RouteDocs.Problem404);
        return [.. typed.Concat(implied.Where(i => typed.All(t => t.Status != i.Status))).OrderBy(r => r.Status)];
    }

    static JsonObject Responses(IReadOnlyList<ApiResponseDoc> docs, JsonObject schemas)
    {
        var responses = new JsonObject();
        foreach (var r in docs)
        {
            var response = new JsonObject { ["description"] = r.Description };
            if (r.Body is { } type)
            {
                var mediaType = type == typeof(ProblemDetails) ? "application/problem+json" : "application/json";
                response["content"] = new JsonObject { [mediaType] = new JsonObject { ["schema"] = Schema(type, schemas) } };
            }
            responses[r.Status.ToString()] = response;
        }
        return responses;
    }

    static JsonNode Schema(Type type, JsonObject schemas)
    {
        if (type == typeof(string)) return new JsonObject { ["type"] = "string" };
        if (type == typeof(int)) return new JsonObject { ["type"] = "integer" };
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            return new JsonObject { ["type"] = "array", ["items"] = Schema(type.GetGenericArguments()[0], schemas) };
        if (!schemas.ContainsKey(type.Name))
            schemas[type.Name] = JsonSchemaExporter.GetJsonSchemaAsNode(Json.Strict, type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
        return new JsonObject { ["$ref"] = $"#/components/schemas/{type.Name}" };
    }
}
