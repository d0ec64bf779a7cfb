using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Events;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Marketplace.Tests.Graph;

/// <summary>
/// The graph over REST on the standalone host: fed by real events through the queue and the relay, queried by
/// tenants who see their own runs and tasks, public agents and their own private ones, and nothing else.
/// </summary>
[Collection("platform")]
public sealed class GraphApiTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    static JsonArray Items(JsonNode page, string name = "items") => page[name]!.AsArray();

    static IEnumerable<string> Ids(JsonArray items) => items.Select(i => i!["agentId"]!.GetValue<string>());

    async Task<string> PublishAsync(HttpClient client, object body) =>
        (await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/agents", body)))["agentId"]!.GetValue<string>();

    [Fact]
    public async Task A_finished_task_feeds_the_graph_and_lifts_the_agent_in_search_and_recommendations()
    {
        var (publisherId, publisherKey) = await platform.NewTenantAsync("publisher");
        using var publisher = platform.Client(publisherKey);
        var used = await PublishAsync(publisher, new { cardUrl = agents.TextAnalyst.CardUrl, visibility = "public" });
        var other = await PublishAsync(publisher, new { cardUrl = agents.TextAnalyst.CardUrl, visibility = "public" });
        var (_, callerKey) = await platform.NewTenantAsync("developer");
        using var caller = platform.Client(callerKey);
        await A2ARpc.ResultAsync(caller, used, "SendMessage", new JsonObject
        {
            ["message"] = new JsonObject { ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER", ["parts"] = new JsonArray(new JsonObject { ["text"] = "Cats purr. Dogs bark." }) },
        });

        // task.finished → relay → graph: the agent is now the caller's, one completed task, first among those it may use.
        var recommended = await Eventually.Get(async () =>
        {
            var page = await caller.GetFromJsonAsync<JsonObject>("/api/recommendations?skill=keywords&limit=50");
            return Items(page!).Any(i => i!["agentId"]!.GetValue<string>() == used && i["ranking"]!["yourTasks"]!.GetValue<long>() == 1) ? page : null;
        });
        Assert.Equal(used, Ids(Items(recommended)).First());
        var ranking = Items(recommended)[0]!["ranking"]!;
        Assert.Equal(1.0, ranking["proximity"]!.GetValue<double>());
        Assert.All(new[] { "collaborationRuns", "rating", "reviewCount", "successRate", "usage", "quality", "score" }, name => Assert.NotNull(ranking[name]));

        // Search: the same words match both listings equally; the used, successful one ranks first and shows why.
        var hits = await Eventually.Get(async () =>
        {
            var page = await caller.GetFromJsonAsync<JsonObject>($"/api/agents?q=text+analyst&publisher={publisherId}");
            return Items(page!).FirstOrDefault(i => i!["agentId"]!.GetValue<string>() == used)?["ranking"]!["usage"]!.GetValue<long>() == 1 ? Items(page!) : null;
        });
        Assert.Equal([used, other], Ids(hits));
        var (first, second) = (hits[0]!["ranking"]!, hits[1]!["ranking"]!);
        Assert.Equal(first["relevance"]!.GetValue<double>(), second["relevance"]!.GetValue<double>());
        Assert.Equal(0.8, first["successRate"]!.GetValue<double>());
        Assert.Equal((0.75, 0L, 3.5, 0), (second["successRate"]!.GetValue<double>(), second["usage"]!.GetValue<long>(), second["rating"]!.GetValue<double>(), second["reviewCount"]!.GetValue<int>()));
        Assert.Equal(hits[0]!["score"]!.GetValue<double>(), first["score"]!.GetValue<double>());
    }

    [Fact]
    public async Task Lineage_collaborators_and_recommendations_stay_within_what_each_tenant_may_see()
    {
        var skill = "skill-" + Guid.NewGuid().ToString("N")[..10];
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        using var publisher = platform.Client(publisherKey);
        var a = await PublishAsync(publisher, new { card = Cards.Valid("Fetcher", skillId: skill) });
        var b = await PublishAsync(publisher, new { card = Cards.Valid("Summer", skillId: skill) });
        var (tenantId, tenantKey) = await platform.NewTenantAsync("owner");
        using var tenant = platform.Client(tenantKey);
        var mine = await PublishAsync(tenant, new { card = Cards.Valid("In-house", skillId: skill), visibility = "private" });
        var (_, strangerKey) = await platform.NewTenantAsync("owner");
        using var stranger = platform.Client(strangerKey);

        // The workflow engine's event, through the same queue and relay as every other.
        var runId = "run-" + Guid.NewGuid().ToString("N")[..12];
        string[] tasks = ["tsk-" + Guid.NewGuid().ToString("N"), "tsk-" + Guid.NewGuid().ToString("N"), "tsk-" + Guid.NewGuid().ToString("N")];
        var template = GraphProjectorTests.Run(tenantId, runId, a, b, tasks);
        var run = template with { Steps = [.. template.Steps.Take(3), template.Steps[3] with { AgentId = mine }] };
        await platform.App.Services.GetRequiredService<IIntegrationEvents>().PublishAsync(WorkflowEvents.Finished(run, DateTimeOffset.UtcNow), default);

        var lineage = await Eventually.Get(async () =>
        {
            var response = await tenant.GetAsync($"/api/graph/runs/{runId}/lineage");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
        });
        Assert.Equal(("wf-report", 3, "completed"), (lineage["workflowId"]!.GetValue<string>(), lineage["version"]!.GetValue<int>(), lineage["state"]!.GetValue<string>()));
        var steps = lineage["steps"]!.AsArray();
        Assert.Equal([(1, tasks[0], a, "fetch"), (3, tasks[1], b, "sum"), (4, tasks[2], mine, "notify")],
            steps.Select(s => (s!["order"]!.GetValue<int>(), s["taskId"]!.GetValue<string>(), s["agentId"]!.GetValue<string>(), s["stepPath"]!.GetValue<string>())));
        Assert.Equal([tasks[0]], steps[1]!["dependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));

        // Another tenant: no lineage, no sight of the private agent, none of the run's tasks counted as its own.
        await ProblemAssert.IsProblem(await stranger.GetAsync($"/api/graph/runs/{runId}/lineage"), HttpStatusCode.NotFound);
        Assert.Equal([b], Ids(Items((await stranger.GetFromJsonAsync<JsonObject>($"/api/agents/{a}/collaborators"))!, "collaborators")));
        Assert.Equal(new[] { b, mine }.Order(StringComparer.Ordinal), Ids(Items((await tenant.GetFromJsonAsync<JsonObject>($"/api/agents/{a}/collaborators"))!, "collaborators")).Order(StringComparer.Ordinal));
        await ProblemAssert.IsProblem(await stranger.GetAsync($"/api/agents/{mine}/collaborators"), HttpStatusCode.NotFound);

        var theirs = Items((await stranger.GetFromJsonAsync<JsonObject>($"/api/recommendations?skill={skill}"))!);
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), Ids(theirs).Order(StringComparer.Ordinal));
        Assert.All(theirs, i => Assert.Equal(0, i!["ranking"]!["yourTasks"]!.GetValue<long>()));
        var own = Items((await tenant.GetFromJsonAsync<JsonObject>($"/api/recommendations?skill={skill}"))!);
        Assert.Equal(3, own.Count);
        Assert.All(own, i => Assert.Equal(1.0, i!["ranking"]!["proximity"]!.GetValue<double>()));
        Assert.Equal(2, own.Single(i => i!["agentId"]!.GetValue<string>() == a)!["ranking"]!["collaborationRuns"]!.GetValue<long>());
    }

    [Fact]
    public async Task Bad_graph_requests_are_problem_documents()
    {
        var (_, key) = await platform.NewTenantAsync("reader");
        using var client = platform.Client(key);
        Assert.Equal(["skill"], ProblemAssert.ErrorPaths(await ProblemAssert.IsProblem(await client.GetAsync("/api/recommendations"), HttpStatusCode.BadRequest)));
        Assert.Equal(["skill", "limit"], ProblemAssert.ErrorPaths(await ProblemAssert.IsProblem(await client.GetAsync("/api/recommendations?skill=%20&limit=0"), HttpStatusCode.BadRequest)));
        Assert.Equal(["limit"], ProblemAssert.ErrorPaths(await ProblemAssert.IsProblem(await client.GetAsync("/api/agents/agt-none/collaborators?limit=many"), HttpStatusCode.BadRequest)));
        await ProblemAssert.IsProblem(await client.GetAsync("/api/agents/agt-none/collaborators"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await client.GetAsync($"/api/agents/{new string('x', 300)}/collaborators"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await client.GetAsync($"/api/graph/runs/{new string('r', 300)}/lineage"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await client.GetAsync("/api/graph/runs/run-none/lineage"), HttpStatusCode.NotFound);
        using var admin = platform.Admin();
        await ProblemAssert.IsProblem(await admin.GetAsync("/api/recommendations?skill=keywords"), HttpStatusCode.Forbidden);
        using var anonymous = platform.Client();
        await ProblemAssert.IsProblem(await anonymous.GetAsync("/api/recommendations?skill=keywords"), HttpStatusCode.Unauthorized);
    }
}
