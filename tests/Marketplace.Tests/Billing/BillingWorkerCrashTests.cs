using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Marketplace.Billing;
using Marketplace.Http;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Billing;

/// <summary>
/// 10,000 usage messages — 8,000 distinct events and 2,000 duplicates, shuffled — applied by the billing worker of a
/// separate host process that is killed with SIGKILL halfway and restarted (its in-flight messages are redelivered):
/// every event is applied exactly once and every tenant's ledger balances to the in-order totals.
/// </summary>
[Collection("platform")]
public sealed class BillingWorkerCrashTests(PlatformFixture platform, Xunit.Abstractions.ITestOutputHelper output)
{
    // Sized to prove the property, not to load the worker: enough events that the kill lands with many applied, many
    // in flight and more arriving, and that every tenant sees duplicates; throughput is the billing benchmark's job.
    const int Tenants = 20, Distinct = 1_600, Duplicates = 400;
    const long Grant = 1_000_000_000;

    [Fact]
    public async Task Every_event_is_applied_exactly_once_across_duplicates_redeliveries_and_a_host_kill()
    {
        var prefix = "b" + Guid.NewGuid().ToString("N")[..8];
        var contentRoot = Directory.CreateTempSubdirectory("marketplace-billing-").FullName;
        var port = NodeTools.GetFreeTcpPort();
        string[] settings =
        [
            $"--AzureWebJobsStorage={platform.Azurite.ConnectionString}", $"--Storage:Prefix={prefix}", $"--Marketplace:AdminKey={PlatformFixture.AdminKey}",
            "--Durable:Backend=InMemory", "--Queues:VisibilityTimeout=00:00:03",
        ];
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow;
        var tenants = Enumerable.Range(0, Tenants).Select(i => $"{prefix}t{i}").ToList();
        var events = Enumerable.Range(0, Distinct).Select(n => new UsageEvent($"test.usage:{n}", UsageKinds.McpToolCall, tenants[n % Tenants], "",
            "", $"call-{n}", "Ok", now.AddMinutes(-random.Next(0, 60 * 24))) { Price = random.Next(1, 1_000) }).ToList();
        var messages = events.Concat(Enumerable.Range(0, Duplicates).Select(_ => events[random.Next(Distinct)]))
            .Select(e => JsonSerializer.Serialize(e, Json.Lenient)).OrderBy(_ => random.Next()).ToList();

        Task enqueue;
        var queue = new QueueClient(platform.Azurite.ConnectionString, $"{prefix}-usage-events", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await using (var host = await HostProcess.StartAsync(port, contentRoot, settings))
        {
            using var admin = host.Client(PlatformFixture.AdminKey);
            foreach (var tenant in tenants)
            {
                (await admin.PostAsJsonAsync("/api/tenants", new { id = tenant, name = tenant, plan = "pro" })).EnsureSuccessStatusCode();
                (await admin.PostAsJsonAsync($"/api/admin/tenants/{tenant}/credits", new { amount = Grant })).EnsureSuccessStatusCode();
            }
            var sent = 0;
            enqueue = Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (m, ct) =>
            {
                await queue.SendMessageAsync(m, ct);
                Interlocked.Increment(ref sent);
            });
            // Kill it in the middle of the work: half the messages sent, some applied, many in flight, more arriving.
            // (Probes stay cheap — one tenant's reconciliation — so they do not slow the worker they watch.)
            await Eventually.Get(async () => Volatile.Read(ref sent) >= messages.Count / 2
                && (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenants[0]}"))!["appliedEvents"]!.GetValue<int>() > 0 ? "mid-work" : null,
                TimeSpan.FromSeconds(120));
        }
        output.WriteLine($"killed at {DateTime.UtcNow:T}, enqueueing done: {enqueue.IsCompleted}");
        await enqueue;

        await using (var restarted = await HostProcess.StartAsync(port, contentRoot, settings))
        {
            using var admin = restarted.Client(PlatformFixture.AdminKey);
            await WaitForDrainAsync(queue, TimeSpan.FromSeconds(90));
            Assert.Equal(Distinct, await AppliedAsync(admin, tenants));
            foreach (var tenant in tenants)
            {
                var expected = events.Where(e => e.TenantId == tenant).ToList();
                var reconciliation = (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenant}"))!;
                Assert.True(reconciliation["balanced"]!.GetValue<bool>(), reconciliation.ToJsonString());
                Assert.Equal(expected.Count, reconciliation["appliedEvents"]!.GetValue<int>());
                Assert.Equal(expected.Sum(e => e.Price), reconciliation["debits"]!.GetValue<long>());
            }
            Assert.Empty((await admin.GetFromJsonAsync<JsonArray>("/api/admin/billing/poison"))!);
        }
    }

    /// <summary>Polls once a second.</summary>
    /// <summary>
    /// Waits until the queue is empty, for as long as the worker keeps taking messages from it: the property is that
    /// every event is applied once, not how fast, so only a worker that stops making progress for
    /// <paramref name="stall"/> fails the test (a busy machine is slow, not wrong).
    /// </summary>
    static async Task WaitForDrainAsync(QueueClient queue, TimeSpan stall)
    {
        async Task<int> LeftAsync() => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        for (var left = await LeftAsync(); left > 0;)
        {
            var before = left;
            await Eventually.Get(async () => (left = await LeftAsync()) < before ? "progress" : null, stall);
        }
    }

    static async Task<int> AppliedAsync(HttpClient admin, IEnumerable<string> tenants)
    {
        var total = 0;
        foreach (var tenant in tenants)
            total += (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenant}"))!["appliedEvents"]!.GetValue<int>();
        return total;
    }
}
