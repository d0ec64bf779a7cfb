extern alias JsonEverything;
using System.Net;
using System.Text.Json;
using JsonEverything::Json.Schema;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Integration;

/// <summary>The shape schemas are published as the API evaluates them: a client can check a card or a workflow first.</summary>
[Collection("platform")]
public sealed class ShapeSchemaApiTests(PlatformFixture platform)
{
    [Fact]
    public async Task The_card_and_workflow_schemas_are_served_anonymously_and_check_what_the_api_accepts()
    {
        using var http = platform.Client();
        foreach (var name in new[] { "agent-card.schema.json", "agent-card-v03.schema.json", "workflow.schema.json" })
        {
            using var response = await http.GetAsync($"/api/schemas/{name}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/schema+json", response.Content.Headers.ContentType!.MediaType);
            using var served = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", served.RootElement.GetProperty("$schema").GetString());
        }

        // The served workflow schema accepts a documented example, as the API does.
        var workflow = JsonSchema.FromText(await http.GetStringAsync("/api/schemas/workflow.schema.json"), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(NodeTools.RepoRoot, "docs", "workflows", "order-saga.json"))).RootElement;
        Assert.True(workflow.Evaluate(example).IsValid);

        await ProblemAssert.IsProblem(await http.GetAsync("/api/schemas/tenant.schema.json"), HttpStatusCode.NotFound);
    }
}
