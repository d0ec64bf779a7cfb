using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Graph;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit;

namespace Marketplace.Tests.Graph;

/// <summary>
/// The Neo4j adapter at the HTTP level, against a local server speaking the Query API's documented request and
/// response shapes: the exact Cypher and parameters sent, authentication, and how answers and errors are read.
/// </summary>
public sealed class Neo4jQueryApiTests : IAsyncLifetime
{
    WebApplication server = null!;
    string baseUrl = "";
    readonly ConcurrentQueue<(string Path, string? Authorization, JsonObject Body)> received = new();
    JsonObject answer = new() { ["data"] = new JsonObject { ["fields"] = new JsonArray(), ["values"] = new JsonArray() }, ["bookmarks"] = new JsonArray("FB:kcwQ") };
    int status = 202;

    public async Task InitializeAsync()
    {
        var port = NodeTools.GetFreeTcpPort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        server = builder.Build();
        server.MapPost("/db/{database}/query/v2", async (HttpContext http) =>
        {
            var body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
            received.Enqueue((http.Request.Path, http.Request.Headers.Authorization.ToString(), body));
            return Results.Json(answer, statusCode: body["statement"]!.GetValue<string>().StartsWith("CREATE CONSTRAINT") ? 202 : status);
        });
        await server.StartAsync();
        baseUrl = $"http://127.0.0.1:{port}";
    }

    public async Task DisposeAsync()
    {
        await server.StopAsync();
        await server.DisposeAsync();
    }

    Neo4jGraph Graph() => new(new HttpClient(), Options.Create(new Neo4jOptions { Uri = baseUrl, Database = "market", User = "neo4j", Password = "s3cret" }));

    [Fact]
    public async Task Writes_create_the_constraints_once_then_send_parameterized_merges()
    {
        var graph = Graph();
        await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Owns, NodeLabel.Tenant, "t1", NodeLabel.Agent, "agt-1"), default);
        await graph.MergeNodeAsync(new GraphNode(NodeLabel.Agent, "agt-1", null, new Dictionary<string, string> { ["name"] = "Text Analyst" }), default);
        var requests = received.ToList();
        Assert.All(requests, r => Assert.Equal("/db/market/query/v2", r.Path));
        Assert.All(requests, r => Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("neo4j:s3cret")), r.Authorization));
        Assert.Equal(
        [
            "CREATE CONSTRAINT tenant_id IF NOT EXISTS FOR (n:Tenant) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT agent_id IF NOT EXISTS FOR (n:Agent) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT task_id IF NOT EXISTS FOR (n:Task) REQUIRE n.id IS UNIQUE",
            "CREATE CONSTRAINT workflow_id IF NOT EXISTS FOR (n:Workflow) REQUIRE n.id IS UNIQUE",
            "MERGE (a:Tenant {id: $from}) MERGE (b:Agent {id: $to}) MERGE (a)-[r:OWNS]->(b) SET r.order = $order",
            "MERGE (n:Agent {id: $id}) SET n += $properties, n.tenantId = $tenantId",
        ], requests.Select(r => r.Body["statement"]!.GetValue<string>()));
        Assert.Equal("""{"from":"t1","to":"agt-1","order":null}""", requests[4].Body["parameters"]!.ToJsonString());
        Assert.Equal("""{"id":"agt-1","tenantId":null,"properties":{"name":"Text Analyst"}}""", requests[5].Body["parameters"]!.ToJsonString());
    }

    [Fact]
    public async Task Answers_are_read_from_data_values_and_errors_carry_the_neo4j_code()
    {
        var graph = Graph();
        answer = new JsonObject
        {
            ["data"] = new JsonObject { ["fields"] = new JsonArray("agentId", "runs"), ["values"] = new JsonArray(new JsonArray("agt-b", 2), new JsonArray("agt-c", 1)) },
            ["bookmarks"] = new JsonArray("FB:kcwQ"),
        };
        var collaborators = await graph.CollaboratorsAsync("agt-a", 5, default);
        Assert.Equal([("agt-b", 2L), ("agt-c", 1L)], collaborators.Select(c => (c.AgentId, c.Runs)));
        var last = received.Last().Body;
        Assert.Equal("MATCH (a:Agent {id: $id})-[c:COLLABORATES_WITH]-(b:Agent) RETURN b.id AS agentId, c.runs AS runs ORDER BY runs DESC, agentId LIMIT $limit", last["statement"]!.GetValue<string>());
        Assert.Equal("""{"id":"agt-a","limit":5}""", last["parameters"]!.ToJsonString());

        await graph.RecordCollaborationAsync("run-1", ["agt-b", "agt-a", "agt-c"], default);
        Assert.Equal("""{"runId":"run-1","pairs":[["agt-a","agt-b"],["agt-a","agt-c"],["agt-b","agt-c"]]}""", received.Last().Body["parameters"]!.ToJsonString());

        status = 400;
        answer = new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = "Neo.ClientError.Statement.SyntaxError", ["message"] = "Invalid input" }) };
        var error = await Assert.ThrowsAsync<Neo4jException>(() => graph.CollaboratorsAsync("agt-a", 5, default));
        Assert.Equal("Neo.ClientError.Statement.SyntaxError", error.Code);
    }
}
