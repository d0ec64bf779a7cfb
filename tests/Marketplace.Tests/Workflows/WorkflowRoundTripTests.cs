using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static Marketplace.Tests.Workflows.WorkflowTenant;

namespace Marketplace.Tests.Workflows;

/// <summary>
/// Counts the storage requests a workflow run makes, from the storage clients' own meter, and bounds what each added
/// tool step costs. The Durable backend here is in memory, so every request counted is the marketplace's own.
/// </summary>
[Collection(Name)]
public sealed class WorkflowRoundTripTests(IsolatedPlatformFixture platform, ITestOutputHelper output)
{
    public const string Name = "workflow-round-trip";

    [Fact]
    public async Task An_added_tool_step_costs_a_bounded_number_of_storage_requests()
    {
        await using var agent = await WorkflowAgent.StartAsync();
        await using var tenant = await CreateAsync(platform, agent);
        await tenant.CreateAsync(Definition("one", Tool("a", "notify", "x")));
        await tenant.CreateAsync(Definition("five", Tool("a", "notify", "x"), Tool("b", "notify", "x"), Tool("c", "notify", "x"), Tool("d", "notify", "x"), Tool("e", "notify", "x")));
        // Warm: the first run of each reads definitions, tools and plans that later runs take from each instance's cache.
        foreach (var id in new[] { "one", "five" }) Assert.Equal("completed", State(await tenant.WaitAsync(await tenant.StartAsync(id))));

        using var storage = new StorageRequestCount(queueSendsOnly: true);
        var one = await CountAsync(tenant, storage, "one");
        var five = await CountAsync(tenant, storage, "five");
        var perStep = (five.Total - one.Total) / 4.0;
        output.WriteLine($"one step: {one.Total} requests; five steps: {five.Total}; per added tool step: {perStep:0.0} (workers' lag included)");
        foreach (var (name, count) in five.ByName.OrderBy(e => e.Key)) output.WriteLine($"  {name}: {count} (one step: {one.ByName.GetValueOrDefault(name)})");

        // The run's own table, which the workers do not touch. A tool step reads its row and the run's state (together)
        // and writes its row once; a run adds its creation, the load (read, mark running) and the finish (list the
        // steps, read and write the run).
        var (runsOne, runsFive) = (one.ByName.GetValueOrDefault("WorkflowRuns"), five.ByName.GetValueOrDefault("WorkflowRuns"));
        Assert.InRange((runsFive - runsOne) / 4.0, 1, 3);
        Assert.InRange(runsOne, 4, 6 + 3);
        // The call itself: one audit row and one usage message per tool step.
        Assert.Equal(4, five.ByName.GetValueOrDefault("ToolCalls") - one.ByName.GetValueOrDefault("ToolCalls"));
    }

    async Task<(long Total, Dictionary<string, long> ByName)> CountAsync(WorkflowTenant tenant, StorageRequestCount storage, string workflowId)
    {
        var before = storage.Snapshot();
        var runId = await tenant.StartAsync(workflowId);
        // Watched through the local event sink, which is in memory: polling the run itself would add reads to the count.
        using var admin = platform.Admin();
        await Eventually.Get(async () => (await admin.GetFromJsonAsync<JsonArray>("/api/admin/events?topic=workflow-progress"))!
            .FirstOrDefault(e => e!["type"]!.GetValue<string>() == "marketplace.workflow.run.finished" && e["subject"]!.GetValue<string>() == runId), TimeSpan.FromSeconds(40));
        // Requests that follow the end of a run (its finished event's relay) belong to it too: wait until a poll of the
        // meter sees no new ones since the one before.
        var last = -1L;
        var settled = await Eventually.Get(() =>
        {
            var now = storage.WithPrefix(platform.StoragePrefix);
            var quiet = now == last;
            last = now;
            return Task.FromResult(quiet ? storage.Snapshot() : null);
        }, TimeSpan.FromSeconds(20));
        var byName = settled.Where(e => e.Key.StartsWith(platform.StoragePrefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Key[platform.StoragePrefix.Length..], e => e.Value - before.GetValueOrDefault(e.Key));
        Assert.Equal("completed", State(await tenant.GetAsync(runId)));
        return (byName.Values.Sum(), byName);
    }
}

/// <summary>A host of its own: the count waits for the whole store to go quiet, which a shared host never does.</summary>
[CollectionDefinition(WorkflowRoundTripTests.Name)]
public sealed class WorkflowRoundTripCollection : ICollectionFixture<IsolatedPlatformFixture>;
