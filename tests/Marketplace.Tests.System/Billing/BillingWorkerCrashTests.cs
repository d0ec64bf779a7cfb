using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Marketplace.Billing;
using Marketplace.Http;
using Marketplace.Storage;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Billing;

/// <summary>
/// Usage messages — 80% distinct events and 20% duplicates, shuffled — applied in batches by the
/// billing worker of a separate host process that is killed with SIGKILL halfway, batches in flight, and restarted
/// (its in-flight messages are redelivered): every event is applied exactly once, every tenant's ledger sums to its
/// distinct events' prices and its balance is its grant less its debits. 2,000 messages by default, which proves the
/// property on a loaded 2-core machine; <c>MARKETPLACE_BILLING_CRASH_MESSAGES=10000</c> runs it at the size of the
/// billing benchmark.
/// </summary>
[Collection("platform")]
public sealed class BillingWorkerCrashTests(PlatformFixture platform, Xunit.Abstractions.ITestOutputHelper output)
{
    // Enough events that the kill lands with many applied, many batches in flight and more arriving, and that every
    // tenant sees duplicates; throughput is the billing benchmark's job.
    const int Tenants = 20;
    static readonly int Messages = int.TryParse(Environment.GetEnvironmentVariable("MARKETPLACE_BILLING_CRASH_MESSAGES"), out var n) && n >= 100 ? n : 2_000;
    static readonly int Distinct = Messages * 4 / 5, Duplicates = Messages - Distinct;
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
            // (Probes stay cheap — one tenant's reconciliation — so they do not slow the worker they watch.) How long
            // sending takes is the machine's business: only a sender that stops making progress fails the test.
            for (var before = 0; Volatile.Read(ref sent) < messages.Count / 2; before = Volatile.Read(ref sent))
                await Eventually.Get(() => Task.FromResult(Volatile.Read(ref sent) > before || Volatile.Read(ref sent) >= messages.Count / 2 ? "progress" : null), TimeSpan.FromSeconds(60));
            await Eventually.Get(async () =>
                (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenants[0]}"))!["appliedEvents"]!.GetValue<int>() > 0 ? "mid-work" : null,
                TimeSpan.FromSeconds(60));
        }
        output.WriteLine($"killed at {DateTime.UtcNow:T}, enqueueing done: {enqueue.IsCompleted}");
        await enqueue;

        await using (var restarted = await HostProcess.StartAsync(port, contentRoot, settings))
        {
            using var admin = restarted.Client(PlatformFixture.AdminKey);
            await WaitForDrainAsync(queue, TimeSpan.FromSeconds(90));
            var billing = new TableClient(platform.Azurite.ConnectionString, prefix + Tables.BillingTable);
            Assert.Equal(Distinct, await AppliedAsync(admin, tenants));
            foreach (var tenant in tenants)
            {
                var expected = events.Where(e => e.TenantId == tenant).ToList();
                var reconciliation = (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenant}"))!;
                Assert.True(reconciliation["balanced"]!.GetValue<bool>(), reconciliation.ToJsonString());
                Assert.Equal(expected.Count, reconciliation["appliedEvents"]!.GetValue<int>());
                Assert.Equal(expected.Sum(e => e.Price), reconciliation["debits"]!.GetValue<long>());
                var wallet = TableJson.Read<Wallet>((await billing.GetEntityAsync<TableEntity>(tenant, "wallet")).Value);
                Assert.Equal(Grant - expected.Sum(e => e.Price), wallet.Balance(DateTimeOffset.UtcNow));
            }
            Assert.Empty((await admin.GetFromJsonAsync<JsonArray>("/api/admin/billing/poison"))!);
        }
    }

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
