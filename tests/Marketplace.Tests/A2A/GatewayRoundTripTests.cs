using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Marketplace.Tests.A2A;

/// <summary>
/// Counts the storage round trips on the response path of a blocking <c>SendMessage</c> that the agent answers with
/// a completed task, from the storage clients' own meter: each request runs in its own trace, which the host takes
/// from the <c>traceparent</c> header, so what the host sends on the request's behalf is told apart from its
/// background work (the outbox's batched usage send, the workers).
/// </summary>
[Collection("platform")]
public sealed class GatewayRoundTripTests(PlatformFixture platform, SampleAgentsFixture agents, ITestOutputHelper output) : IClassFixture<SampleAgentsFixture>
{
    static readonly ActivitySource Source = new("Marketplace.Tests.RoundTrips");

    [Fact]
    public async Task A_task_completed_within_its_request_costs_one_storage_round_trip_and_is_billed_once()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        using var publisher = platform.Client(publisherKey);
        var agentId = (await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/agents",
            new { cardUrl = agents.TextAnalyst.CardUrl, visibility = "public" })))["agentId"]!.GetValue<string>();
        var (tenantId, key) = await platform.NewTenantAsync("developer");
        using var client = platform.Client(key);
        // Warm: the key, the tenant and the listing are in the instance's copy after the first call.
        for (var i = 0; i < 3; i++) await SendAsync(client, agentId);

        using var storage = new StorageRequestCount();
        var elapsed = Stopwatch.StartNew();
        const int sends = 10;
        var perSend = new List<IReadOnlyList<string>>();
        var taskIds = new List<string>();
        for (var i = 0; i < sends; i++)
        {
            ActivityTraceId trace;
            using (var activity = Source.StartActivity("send")!)
            {
                trace = activity.TraceId;
                taskIds.Add(await SendAsync(client, agentId));
            }
            perSend.Add(storage.InTrace(trace));
        }
        foreach (var requests in perSend) output.WriteLine(string.Join(", ", requests));

        // One entity-group transaction: the task row and its outbox row (the usage event) together. No publisher
        // read, no usage or event message (the outbox's batched send), and the key and tenant from the instance's
        // copy, refreshed at most once a second.
        var refreshes = new[] { platform.StoragePrefix + "ApiKeys", platform.StoragePrefix + "Tenants" };
        Assert.All(perSend, requests => Assert.Equal(["table POST"], requests.Where(r => !refreshes.Contains(r))));
        Assert.InRange(perSend.Sum(r => r.Count(refreshes.Contains)), 0, 2 * ((long)Math.Ceiling(elapsed.Elapsed.TotalSeconds) + 1));

        // Every task (free: its event only closes it) is booked exactly once, sent by the outbox off the response path.
        using var admin = platform.Admin();
        var reconciliation = await Eventually.Get(async () =>
        {
            var r = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenantId}");
            return r!["appliedEvents"]!.GetValue<int>() >= sends + 3 ? r : null;
        }, TimeSpan.FromSeconds(60));
        Assert.Equal(sends + 3, reconciliation["appliedEvents"]!.GetValue<int>());
        Assert.True(reconciliation["balanced"]!.GetValue<bool>(), reconciliation.ToJsonString());
        // And each task's task.finished event is relayed, from the outbox's batched events message.
        await Eventually.Get(async () =>
        {
            var relayed = (await admin.GetFromJsonAsync<JsonArray>("/api/admin/events?topic=task-updates"))!.Select(e => e!["subject"]!.GetValue<string>()).ToHashSet();
            return taskIds.All(relayed.Contains) ? "all" : null;
        }, TimeSpan.FromSeconds(60));
    }

    static async Task<string> SendAsync(HttpClient client, string agentId)
    {
        var result = await A2ARpc.ResultAsync(client, agentId, "SendMessage", new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER",
                ["parts"] = new JsonArray(new JsonObject { ["text"] = "One sentence. Another one." }),
                ["metadata"] = new JsonObject { ["skill"] = "text-stats" },
            },
        });
        Assert.Equal("TASK_STATE_COMPLETED", result["task"]!["status"]!["state"]!.GetValue<string>());
        return result["task"]!["id"]!.GetValue<string>();
    }
}
