using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Marketplace.Graph;

/// <summary>A Query API failure, with Neo4j's own error code.</summary>
public sealed class Neo4jException(string code, string message) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;
}

/// <summary>
/// The graph in Neo4j through its HTTP Query API (<c>POST /db/{database}/query/v2</c>), one parameterized Cypher
/// statement per call. Labels and relationship types come from enums, never from input; every value is a parameter.
/// The reference design's uniqueness constraints are created once, before the first write.
/// </summary>
public sealed class Neo4jGraph(HttpClient http, IOptions<Neo4jOptions> options) : IKnowledgeGraph
{
    public const string ClientName = "neo4j";

    readonly SemaphoreSlim schemaGate = new(1, 1);
    bool schemaReady;

    public static IReadOnlyList<string> SchemaStatements { get; } = Enum.GetValues<NodeLabel>()
        .Select(l => $"CREATE CONSTRAINT {l.ToString().ToLowerInvariant()}_id IF NOT EXISTS FOR (n:{l}) REQUIRE n.id IS UNIQUE").ToList();

    public static string Cypher(EdgeType type) => type switch
    {
        EdgeType.Owns => "OWNS",
        EdgeType.Created => "CREATED",
        EdgeType.Executes => "EXECUTES",
        EdgeType.DependsOn => "DEPENDS_ON",
        EdgeType.Contains => "CONTAINS",
        _ => "COLLABORATES_WITH",
    };

    public async Task MergeNodeAsync(GraphNode node, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await QueryAsync($"MERGE (n:{node.Label} {{id: $id}}) SET n += $properties, n.tenantId = coalesce($tenantId, n.tenantId)",
            new JsonObject { ["id"] = node.Id, ["tenantId"] = node.TenantId, ["properties"] = Properties(node.Properties) }, ct);
    }

    public async Task MergeEdgeAsync(GraphEdge edge, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await QueryAsync($"MERGE (a:{edge.FromLabel} {{id: $from}}) MERGE (b:{edge.ToLabel} {{id: $to}}) MERGE (a)-[r:{Cypher(edge.Type)}]->(b) SET r.order = $order",
            new JsonObject { ["from"] = edge.FromId, ["to"] = edge.ToId, ["order"] = edge.Order }, ct);
    }

    public async Task RecordCollaborationAsync(string runId, IReadOnlyCollection<string> agentIds, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        var agents = agentIds.Distinct().Order(StringComparer.Ordinal).ToList();
        var pairs = new JsonArray();
        for (var i = 0; i < agents.Count; i++)
            for (var j = i + 1; j < agents.Count; j++) pairs.Add(new JsonArray(agents[i], agents[j]));
        // The run node remembers that its collaborations were counted, so a redelivered event adds nothing.
        await QueryAsync("""
            MERGE (run:Workflow {id: $runId})
            WITH run WHERE run.collaborationsCounted IS NULL
            SET run.collaborationsCounted = true
            WITH run UNWIND $pairs AS pair
            MERGE (a:Agent {id: pair[0]}) MERGE (b:Agent {id: pair[1]})
            MERGE (a)-[c:COLLABORATES_WITH]->(b)
            ON CREATE SET c.runs = 1 ON MATCH SET c.runs = c.runs + 1
            """, new JsonObject { ["runId"] = runId, ["pairs"] = pairs }, ct);
    }

    public async Task<IReadOnlyList<GraphEdge>> EdgesFromAsync(NodeLabel label, string id, EdgeType type, CancellationToken ct)
    {
        var rows = await QueryAsync($"MATCH (a:{label} {{id: $id}})-[r:{Cypher(type)}]->(b) RETURN labels(b)[0] AS label, b.id AS id, r.order AS position ORDER BY coalesce(r.order, 2147483647), b.id",
            new JsonObject { ["id"] = id }, ct);
        return rows.Select(r => new GraphEdge(type, label, id, Enum.Parse<NodeLabel>(r[0]!.GetValue<string>()), r[1]!.GetValue<string>())
        {
            Order = r[2]?.GetValue<int>(),
        }).ToList();
    }

    public async Task<GraphNode?> NodeAsync(NodeLabel label, string id, CancellationToken ct)
    {
        var rows = await QueryAsync($"MATCH (n:{label} {{id: $id}}) RETURN n.tenantId AS tenantId, properties(n) AS properties", new JsonObject { ["id"] = id }, ct);
        if (rows.Count == 0) return null;
        var properties = Properties(rows[0][1]!.AsObject());
        return new GraphNode(label, id, properties) { TenantId = rows[0][0]?.GetValue<string>() };
    }

    public async Task<IReadOnlyList<Collaborator>> CollaboratorsAsync(string agentId, int limit, CancellationToken ct)
    {
        var rows = await QueryAsync("MATCH (a:Agent {id: $id})-[c:COLLABORATES_WITH]-(b:Agent) RETURN b.id AS agentId, c.runs AS runs ORDER BY runs DESC, agentId LIMIT $limit",
            new JsonObject { ["id"] = agentId, ["limit"] = limit }, ct);
        return rows.Select(r => new Collaborator(r[0]!.GetValue<string>(), r[1]!.GetValue<long>())).ToList();
    }

    public async Task<IReadOnlyList<AgentProximity>> ProximityAsync(string tenantId, IReadOnlyCollection<string> candidateIds, CancellationToken ct)
    {
        var rows = await QueryAsync("""
            UNWIND $candidates AS candidateId
            MATCH (c:Agent {id: candidateId})
            OPTIONAL MATCH (:Tenant {id: $tenantId})-[:CREATED]->(task:Task)<-[:EXECUTES]-(c)
            WITH c, count(task) AS tasks
            OPTIONAL MATCH (c)-[w:COLLABORATES_WITH]-(used:Agent)
            WHERE EXISTS { (:Tenant {id: $tenantId})-[:CREATED]->(:Task)<-[:EXECUTES]-(used) }
            WITH c, tasks, coalesce(sum(w.runs), 0) AS runs
            WHERE tasks > 0 OR runs > 0
            RETURN c.id AS agentId, tasks, runs
            """, new JsonObject { ["tenantId"] = tenantId, ["candidates"] = new JsonArray([.. candidateIds.Distinct().Select(id => JsonValue.Create(id))]) }, ct);
        return rows.Select(r => new AgentProximity(r[0]!.GetValue<string>(), r[1]!.GetValue<long>(), r[2]!.GetValue<long>())).ToList();
    }

    public async Task<IReadOnlyList<AgentTaskStats>> TaskStatsAsync(CancellationToken ct)
    {
        var rows = await QueryAsync($"MATCH (a:Agent)-[:EXECUTES]->(t:Task) WHERE t.{GraphProperties.TaskState} IS NOT NULL " +
            $"RETURN a.id AS agentId, count(t) AS finished, count(CASE WHEN t.{GraphProperties.TaskState} = $completed THEN 1 END) AS completed",
            new JsonObject { ["completed"] = GraphProperties.Completed }, ct);
        return rows.Select(r => new AgentTaskStats(r[0]!.GetValue<string>(), r[1]!.GetValue<long>(), r[2]!.GetValue<long>())).ToList();
    }

    public async Task<RunLineage?> LineageAsync(string runId, CancellationToken ct)
    {
        if (await NodeAsync(NodeLabel.Workflow, runId, ct) is not { } run) return null;
        var rows = await QueryAsync("""
            MATCH (:Workflow {id: $runId})-[c:CONTAINS]->(t:Task)
            OPTIONAL MATCH (a:Agent)-[:EXECUTES]->(t)
            WITH c, t, collect(DISTINCT a.id) AS agents
            OPTIONAL MATCH (t)-[:DEPENDS_ON]->(d:Task)
            RETURN t.id AS taskId, c.order AS position, properties(t) AS properties, agents, collect(DISTINCT d.id) AS dependsOn
            ORDER BY coalesce(position, 2147483647), taskId
            """, new JsonObject { ["runId"] = runId }, ct);
        return new RunLineage(run, rows.Select(r => new LineageStep(r[0]!.GetValue<string>(), r[1]?.GetValue<int>() ?? 0, Properties(r[2]!.AsObject()),
            Strings(r[3]), Strings(r[4]))).ToList());
    }

    async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (schemaReady) return;
        await schemaGate.WaitAsync(ct);
        try
        {
            if (schemaReady) return;
            foreach (var statement in SchemaStatements) await QueryAsync(statement, new JsonObject(), ct);
            schemaReady = true;
        }
        finally
        {
            schemaGate.Release();
        }
    }

    /// <summary>Runs one statement; the documented answer is <c>{ data: { fields, values: [[…]] } }</c>, or <c>{ errors: [{ code, message }] }</c>.</summary>
    async Task<IReadOnlyList<JsonArray>> QueryAsync(string statement, JsonObject parameters, CancellationToken ct)
    {
        var o = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{o.Uri!.TrimEnd('/')}/db/{Uri.EscapeDataString(o.Database)}/query/v2")
        {
            Content = JsonContent.Create(new JsonObject { ["statement"] = statement, ["parameters"] = parameters }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (o.User is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.User}:{o.Password}")));
        using var response = await http.SendAsync(request, ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject;
        if (body?["errors"] is JsonArray { Count: > 0 } errors)
            throw new Neo4jException(errors[0]?["code"]?.GetValue<string>() ?? "Neo.Unknown", errors[0]?["message"]?.GetValue<string>() ?? "");
        if (!response.IsSuccessStatusCode) throw new Neo4jException($"HTTP {(int)response.StatusCode}", "The Query API refused the request.");
        return (body?["data"]?["values"] as JsonArray)?.Select(v => v!.AsArray()).ToList() ?? [];
    }

    /// <summary>A node's own properties, without the ones the graph keeps for itself.</summary>
    static Dictionary<string, string> Properties(JsonObject properties) =>
        properties.Where(p => p.Key is not ("id" or "tenantId" or "collaborationsCounted")).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    static List<string> Strings(JsonNode? values) => values!.AsArray().Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

    static JsonObject Properties(IReadOnlyDictionary<string, string> properties) =>
        new(properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
}
