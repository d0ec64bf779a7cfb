using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Graph;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
    Uri baseAddress = null!;
    readonly ConcurrentQueue<(string Path, string? Authorization, JsonObject Body)> received = new();
    JsonObject answer = Answer([]);
    // When set, answers by statement instead (for operations that send more than one).
    Func<string, JsonObject>? answerFor;
    int status = 202;

    /// <summary>The Query API's documented success shape: <c>{ data: { fields, values }, bookmarks }</c>.</summary>
    static JsonObject Answer(string[] fields, params JsonArray[] rows) => new()
    {
        ["data"] = new JsonObject { ["fields"] = new JsonArray([.. fields.Select(f => JsonValue.Create(f))]), ["values"] = new JsonArray(rows) },
        ["bookmarks"] = new JsonArray("FB:kcwQ"),
    };

    public async Task InitializeAsync() => (server, baseAddress) = await LoopbackServer.StartAsync(app =>
        app.MapPost("/db/{database}/query/v2", async (HttpContext http) =>
        {
            var body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
            received.Enqueue((http.Request.Path, http.Request.Headers.Authorization.ToString(), body));
            var statement = body["statement"]!.GetValue<string>();
            return Results.Json(answerFor?.Invoke(statement) ?? answer, statusCode: statement.StartsWith("CREATE CONSTRAINT") ? 202 : status);
        }));

    public async Task DisposeAsync()
    {
        await server.StopAsync();
        await server.DisposeAsync();
    }

    Neo4jGraph Graph() => new(new HttpClient(), Options.Create(new Neo4jOptions { Uri = baseAddress.ToString(), Database = "market", User = "neo4j", Password = "s3cret" }));

    (string Statement, string Parameters) Last()
    {
        var body = received.Last().Body;
        return (body["statement"]!.GetValue<string>(), body["parameters"]!.ToJsonString());
    }

    [Fact]
    public async Task Writes_create_the_constraints_once_then_send_parameterized_merges()
    {
        var graph = Graph();
        await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Owns, NodeLabel.Tenant, "t1", NodeLabel.Agent, "agt-1"), default);
        await graph.MergeNodeAsync(new GraphNode(NodeLabel.Agent, "agt-1", new Dictionary<string, string> { ["name"] = "Text Analyst" }), default);
        await graph.MergeEdgeAsync(new GraphEdge(EdgeType.Contains, NodeLabel.Workflow, "run-1", NodeLabel.Task, "tsk-1") { Order = 2 }, default);
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
            "MERGE (n:Agent {id: $id}) SET n += $properties, n.tenantId = coalesce($tenantId, n.tenantId)",
            "MERGE (a:Workflow {id: $from}) MERGE (b:Task {id: $to}) MERGE (a)-[r:CONTAINS]->(b) SET r.order = $order",
        ], requests.Select(r => r.Body["statement"]!.GetValue<string>()));
        Assert.Equal("""{"from":"t1","to":"agt-1","order":null}""", requests[4].Body["parameters"]!.ToJsonString());
        Assert.Equal("""{"id":"agt-1","tenantId":null,"properties":{"name":"Text Analyst"}}""", requests[5].Body["parameters"]!.ToJsonString());
        Assert.Equal("""{"from":"run-1","to":"tsk-1","order":2}""", requests[6].Body["parameters"]!.ToJsonString());
    }

    [Fact]
    public async Task Answers_are_read_from_data_values_and_errors_carry_the_neo4j_code()
    {
        var graph = Graph();
        answer = Answer(["agentId", "runs"], new JsonArray("agt-b", 2), new JsonArray("agt-c", 1));
        var collaborators = await graph.CollaboratorsAsync("agt-a", 5, default);
        Assert.Equal([("agt-b", 2L), ("agt-c", 1L)], collaborators.Select(c => (c.AgentId, c.Runs)));
        Assert.Equal(("MATCH (a:Agent {id: $id})-[c:COLLABORATES_WITH]-(b:Agent) RETURN b.id AS agentId, c.runs AS runs ORDER BY runs DESC, agentId LIMIT $limit",
            """{"id":"agt-a","limit":5}"""), Last());

        await graph.RecordCollaborationAsync("run-1", ["agt-b", "agt-a", "agt-c"], default);
        Assert.Equal("""{"runId":"run-1","pairs":[["agt-a","agt-b"],["agt-a","agt-c"],["agt-b","agt-c"]]}""", Last().Parameters);

        status = 400;
        answer = new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = "Neo.ClientError.Statement.SyntaxError", ["message"] = "Invalid input" }) };
        var error = await Assert.ThrowsAsync<Neo4jException>(() => graph.CollaboratorsAsync("agt-a", 5, default));
        Assert.Equal("Neo.ClientError.Statement.SyntaxError", error.Code);
    }

    [Fact]
    public async Task Proximity_task_stats_and_lineage_are_single_parameterized_queries()
    {
        var graph = Graph();
        answer = Answer(["agentId", "tasks", "runs"], new JsonArray("agt-a", 3, 0), new JsonArray("agt-b", 0, 2));
        var proximity = await graph.ProximityAsync("t1", ["agt-a", "agt-b", "agt-a"], default);
        Assert.Equal([new AgentProximity("agt-a", 3, 0), new AgentProximity("agt-b", 0, 2)], proximity);
        Assert.Equal(("""
            UNWIND $candidates AS candidateId
            MATCH (c:Agent {id: candidateId})
            OPTIONAL MATCH (:Tenant {id: $tenantId})-[:CREATED]->(task:Task)<-[:EXECUTES]-(c)
            WITH c, count(task) AS tasks
            OPTIONAL MATCH (c)-[w:COLLABORATES_WITH]-(used:Agent)
            WHERE EXISTS { (:Tenant {id: $tenantId})-[:CREATED]->(:Task)<-[:EXECUTES]-(used) }
            WITH c, tasks, coalesce(sum(w.runs), 0) AS runs
            WHERE tasks > 0 OR runs > 0
            RETURN c.id AS agentId, tasks, runs
            """, """{"tenantId":"t1","candidates":["agt-a","agt-b"]}"""), Last());

        answer = Answer(["agentId", "finished", "completed"], new JsonArray("agt-a", 10, 9));
        Assert.Equal([new AgentTaskStats("agt-a", 10, 9)], await graph.TaskStatsAsync(default));
        Assert.Equal(("MATCH (a:Agent)-[:EXECUTES]->(t:Task) WHERE t.state IS NOT NULL RETURN a.id AS agentId, count(t) AS finished, count(CASE WHEN t.state = $completed THEN 1 END) AS completed",
            """{"completed":"Completed"}"""), Last());

        // The run node first (properties(n) is a map), then its tasks with agents and dependencies collected per task.
        answerFor = statement => statement.StartsWith("MATCH (n:Workflow")
            ? Answer(["tenantId", "properties"], new JsonArray("t1", new JsonObject { ["id"] = "run-1", ["tenantId"] = "t1", ["workflowId"] = "wf-1", ["collaborationsCounted"] = true }))
            : Answer(["taskId", "position", "properties", "agents", "dependsOn"],
                new JsonArray("tsk-1", 1, new JsonObject { ["id"] = "tsk-1", ["stepPath"] = "fetch" }, new JsonArray("agt-a"), new JsonArray()),
                new JsonArray("tsk-2", 2, new JsonObject { ["id"] = "tsk-2", ["stepPath"] = "sum", ["tenantId"] = "t1" }, new JsonArray("agt-b"), new JsonArray("tsk-1")));
        var lineage = (await graph.LineageAsync("run-1", default))!;
        Assert.Equal(("t1", "wf-1"), (lineage.Run.TenantId, lineage.Run.Properties["workflowId"]));
        Assert.Equal([("tsk-1", 1, "fetch", "agt-a", ""), ("tsk-2", 2, "sum", "agt-b", "tsk-1")],
            lineage.Steps.Select(s => (s.TaskId, s.Order, s.Properties["stepPath"], s.AgentIds.Single(), string.Join(",", s.DependsOn))));
        Assert.Equal("""{"runId":"run-1"}""", Last().Parameters);
        Assert.StartsWith("MATCH (:Workflow {id: $runId})-[c:CONTAINS]->(t:Task)", Last().Statement);

        answerFor = _ => Answer(["tenantId", "properties"]);
        Assert.Null(await graph.LineageAsync("run-unknown", default));
    }
}
