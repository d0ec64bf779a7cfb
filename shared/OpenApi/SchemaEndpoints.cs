using Marketplace.Errors;
using Marketplace.Http;
using Marketplace.Registry;
using Marketplace.Workflows;
using Microsoft.AspNetCore.Http;

namespace Marketplace.OpenApi;

/// <summary>The JSON Schemas the API checks shapes with, as it evaluates them, for clients that check before sending.</summary>
public static class SchemaEndpoints
{
    static readonly Dictionary<string, ShapeSchema> Published = new(StringComparer.Ordinal)
    {
        ["agent-card.schema.json"] = AgentCardValidator.Schema,
        ["agent-card-v03.schema.json"] = A2A.V03.AgentCardV03Validator.Schema,
        ["workflow.schema.json"] = WorkflowShape.Schema,
    };

    public static Task<IResult> Get(ApiRequest request) =>
        Published.TryGetValue(request.Route("name"), out var schema)
            ? Task.FromResult(Results.Text(schema.Text, "application/schema+json"))
            : throw new DomainException(DomainError.NotFound($"No schema '{request.Route("name")}'; there are {string.Join(", ", Published.Keys)}."));
}
