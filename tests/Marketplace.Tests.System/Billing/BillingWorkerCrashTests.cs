using Marketplace.Serialization;
using System.Diagnostics;
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
/// Usage messages — 80% distinct events and 20% duplicates, shuffled — applied in batches by the billing worker of a
/// separate host process. Half wait in the queue when the worker starts, the rest arrive while it works; it is killed
/// with SIGKILL once it has handled a few batches, batches in flight, and restarted (its in-flight messages are
/// redelivered): every event is applied exactly once, every tenant's ledger sums to its distinct events' prices and
/// its balance is its grant less its debits. 2,000 messages by default, which proves the property on a loaded 2-core
/// machine; <c>MARKETPLACE_BILLING_CRASH_MESSAGES=10000</c> runs it at the size of the billing benchmark. No wait has
/// a fixed deadline: each follows from the batch size and the pace observed (<see cref="DrainProgress"/>).
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
    // What one host has in flight at once: the poller's receivers (4 by default) of 32 messages each.
    const int Batch = 4 * 32;
    const int Senders = 64;
    static readonly TimeSpan Visibility = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Every_event_is_applied_exactly_once_across_duplicates_redeliveries_and_a_host_kill()
    {
        var prefix = "b" + Guid.NewGuid().ToString("N")[..8];
        var contentRoot = Directory.CreateTempSubdirectory("marketplace-billing-").FullName;
        var port = NodeTools.GetFreeTcpPort();
        string[] settings =
        [
            $"--AzureWebJobsStorage={platform.Azurite.ConnectionString}", $"--Storage:Prefix={prefix}", $"--Marketplace:AdminKey={PlatformFixture.AdminKey}",
            "--Durable:Backend=InMemory", $"--Queues:VisibilityTimeout={Visibility:c}",
        ];
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow;
        var tenants = Enumerable.Range(0, Tenants).Select(i => $"{prefix}t{i}").ToList();
        var events = Enumerable.Range(0, Distinct).Select(n => new UsageEvent($"test.usage:{n}", UsageKinds.McpToolCall, tenants[n % Tenants], "",
            "", $"call-{n}", "Ok", now.AddMinutes(-random.Next(0, 60 * 24))) { Price = random.Next(1, 1_000) }).ToList();
        var messages = events.Concat(Enumerable.Range(0, Duplicates).Select(_ => events[random.Next(Distinct)]))
            .Select(e => JsonSerializer.Serialize(e, Json.Lenient)).OrderBy(_ => random.Next()).ToList();

        var queue = new QueueClient(platform.Azurite.ConnectionString, $"{prefix}-usage-events", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await using (var host = await HostProcess.StartAsync(port, contentRoot, settings))
        {
            using var admin = host.Client(PlatformFixture.AdminKey);
            await Task.WhenAll(tenants.Select(async tenant =>
            {
                (await admin.PostAsJsonAsync("/api/tenants", new { id = tenant, name = tenant, plan = "pro" })).EnsureSuccessStatusCode();
                (await admin.PostAsJsonAsync($"/api/admin/tenants/{tenant}/credits", new { amount = Grant })).EnsureSuccessStatusCode();
            }));
        }
        // Half the messages wait in the queue before the worker starts (sent with the emulator to themselves, which is
        // what makes 10,000 affordable on a busy machine); the other half arrive while it works and is killed.
        await queue.CreateIfNotExistsAsync();
        var sent = 0;
        Task SendAsync(IEnumerable<string> batch) => Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Senders }, async (m, ct) =>
        {
            await queue.SendMessageAsync(m, ct);
            Interlocked.Increment(ref sent);
        });
        var sending = Stopwatch.StartNew();
        await SendAsync(messages.Take(messages.Count / 2));
        output.WriteLine($"{sent} messages queued in {sending.Elapsed.TotalSeconds:0.0} s before the worker started");

        Task enqueue;
        var progress = new DrainProgress(queue, () => Volatile.Read(ref sent), Batch, Visibility);
        await using (var host = await HostProcess.StartAsync(port, contentRoot, settings))
        {
            using var admin = host.Client(PlatformFixture.AdminKey);
            enqueue = SendAsync(messages.Skip(messages.Count / 2));
            // Kill it in the middle of the work: batches applied and in flight, more arriving. The worker must have
            // taken at least a few batches, at whatever pace the machine allows: each batch gets its own deadline.
            await progress.UntilHandledAsync(Math.Min(3 * Batch, Messages / 4));
            await Eventually.Get(async () =>
                (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenants[0]}"))!["appliedEvents"]!.GetValue<int>() > 0 ? "mid-work" : null,
                progress.BatchDeadline);
        }
        output.WriteLine($"killed at {DateTime.UtcNow:T} after {progress}, enqueueing done: {enqueue.IsCompleted}");
        await enqueue;
        output.WriteLine($"all {sent} messages sent in {sending.Elapsed.TotalSeconds:0.0} s");

        await using (var restarted = await HostProcess.StartAsync(port, contentRoot, settings))
        {
            using var admin = restarted.Client(PlatformFixture.AdminKey);
            await progress.UntilEmptyAsync();
            output.WriteLine($"drained after {sending.Elapsed.TotalSeconds:0.0} s: {progress}");
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

    static async Task<int> AppliedAsync(HttpClient admin, IEnumerable<string> tenants)
    {
        var total = 0;
        foreach (var tenant in tenants)
            total += (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenant}"))!["appliedEvents"]!.GetValue<int>();
        return total;
    }
}

/// <summary>
/// Follows the worker through its queue (handled = sent − left). Each wait for progress has a deadline that follows
/// from what the worker takes at once and the pace it has kept so far: the redelivery delay of a killed host's
/// messages, an idle poll, and three batches' time at the average rate seen. A busy machine is slow, not wrong; a
/// worker that stops fails the test within a few batches' time, however large the test.
/// </summary>
sealed class DrainProgress(QueueClient queue, Func<int> sent, int batch, TimeSpan redelivery)
{
    // Before any progress is seen, the first batch also pays the host's warm-up (JIT, first connections).
    static readonly TimeSpan FirstBatch = TimeSpan.FromSeconds(60);
    static readonly TimeSpan IdlePoll = new Marketplace.Queues.QueuePollerOptions().MaxIdleDelay;

    readonly Stopwatch watch = Stopwatch.StartNew();
    int handled, left;

    public TimeSpan BatchDeadline => handled == 0
        ? FirstBatch
        : redelivery + IdlePoll + TimeSpan.FromSeconds(3 * batch / (handled / watch.Elapsed.TotalSeconds));

    public Task UntilHandledAsync(int count) => UntilAsync(() => handled >= count);

    public Task UntilEmptyAsync() => UntilAsync(() => left == 0);

    async Task UntilAsync(Func<bool> done)
    {
        await ReadAsync();
        while (!done())
        {
            var (beforeHandled, beforeLeft, deadline) = (handled, left, BatchDeadline);
            try
            {
                await Eventually.Get(async () =>
                {
                    await ReadAsync();
                    return handled > beforeHandled || left < beforeLeft || done() ? "progress" : null;
                }, deadline);
            }
            catch (Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"The worker made no progress in {deadline.TotalSeconds:0} s: {this}.");
            }
        }
    }

    async Task ReadAsync()
    {
        var sentNow = sent();
        left = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        handled = Math.Max(handled, sentNow - left);
    }

    public override string ToString() => $"{handled} messages handled in {watch.Elapsed.TotalSeconds:0.0} s, {left} left";
}
