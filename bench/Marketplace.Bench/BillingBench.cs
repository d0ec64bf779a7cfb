using Marketplace.Serialization;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Marketplace.Billing;
using Marketplace.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Bench;

/// <summary>
/// The billing worker on Azurite: usage events applied per second (a burst of messages spread over 20 tenants,
/// 20% duplicates), the worker alone draining a queue filled while no host ran, event-to-ledger latency at a steady offered rate (from the moment an event is sent to the moment
/// its ledger entry was committed, as the entry records it), and event-to-balance latency (one event at a time, from
/// enqueue until the balance shows it).
/// </summary>
public static class BillingBench
{
    const int Senders = 32;

    public static async Task RunAsync(BenchEnvironment env, BenchReport report, int events, int rate, int seconds)
    {
        var connection = env.App.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["AzureWebJobsStorage"];
        var queue = new QueueClient(connection, "usage-events", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        using var admin = env.Client(BenchEnvironment.AdminKey);
        var tenants = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            tenants.Add($"bench-bill-{i}");
            await env.NewTenantKeyAsync(tenants[^1]);
            (await admin.PostAsJsonAsync($"/api/admin/tenants/{tenants[^1]}/credits", new { amount = 1_000_000_000_000 })).EnsureSuccessStatusCode();
        }

        var random = new Random(7);
        var now = DateTimeOffset.UtcNow;
        var distinct = events * 4 / 5;
        var usage = Enumerable.Range(0, distinct).Select(n => new UsageEvent($"bench:{n}", UsageKinds.McpToolCall, tenants[n % tenants.Count], "", "", $"s{n}", "Ok", now) { Price = random.Next(1, 1000) }).ToList();
        var messages = usage.Concat(Enumerable.Range(0, events - distinct).Select(_ => usage[random.Next(distinct)]))
            .Select(e => JsonSerializer.Serialize(e, Json.Lenient)).OrderBy(_ => random.Next()).ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = Senders }, async (m, ct) => await queue.SendMessageAsync(m, ct));
        var enqueued = clock.Elapsed;
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0) await Task.Delay(250);
        var drained = clock.Elapsed;
        long applied = 0;
        foreach (var id in tenants)
            applied += (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{id}"))!["appliedEvents"]!.GetValue<int>();
        Console.WriteLine($"throughput: {events} messages ({distinct} distinct) sent in {enqueued.TotalSeconds:0.0} s, all handled after {drained.TotalSeconds:0.0} s: " +
            $"{events / drained.TotalSeconds:0} messages/s; {applied} events applied");

        await OfferedRateAsync(env, report, queue, tenants, rate, seconds);

        // Latency: one event at a time into an idle worker, so this includes the poller's idle back-off.
        var tenantKey = await env.NewTenantKeyAsync("bench-bill-latency");
        using var tenant = env.Client(tenantKey);
        (await admin.PostAsJsonAsync("/api/admin/tenants/bench-bill-latency/credits", new { amount = 1_000_000_000_000 })).EnsureSuccessStatusCode();
        var latency = new Percentiles();
        for (var i = 0; i < 100; i++)
        {
            var before = (await tenant.GetFromJsonAsync<JsonObject>("/api/billing/balance"))!["balance"]!.GetValue<long>();
            var started = Stopwatch.GetTimestamp();
            await queue.SendMessageAsync(JsonSerializer.Serialize(new UsageEvent($"bench-latency:{i}", UsageKinds.McpToolCall, "bench-bill-latency", "", "", "s", "Ok", DateTimeOffset.UtcNow) { Price = 10 }, Json.Lenient));
            while ((await tenant.GetFromJsonAsync<JsonObject>("/api/billing/balance"))!["balance"]!.GetValue<long>() == before) await Task.Delay(5);
            latency.Add(Stopwatch.GetElapsedTime(started));
            await Task.Delay(random.Next(0, 500)); // arrivals at random moments of the poller's cycle
        }
        Console.WriteLine($"event-to-balance latency: {latency}");
        // One line for scripts: the burst's throughput (32 senders) with the one-at-a-time event-to-balance latency.
        report.Add("ledger", Senders, events / drained.TotalSeconds, latency);
        await RecordedAsync(env, report, queue, tenants, events);
        await DrainAsync(env, report, queue, tenants, events);
    }

    /// <summary>
    /// Events as the platform sends them: through its <see cref="UsageRecorder"/>, whose concurrent sends share queue
    /// messages (group commit, up to 64 events each), as the gateway's outbox and the MCP hub do. 64 senders put
    /// <paramref name="events"/> distinct events (20% sent twice); timed until the queue is empty, then every event is
    /// checked to be in the ledger once, with its event-to-ledger latency. Reported as <c>ledger-recorded</c>.
    /// </summary>
    static async Task RecordedAsync(BenchEnvironment env, BenchReport report, QueueClient queue, List<string> tenants, int events)
    {
        var recorder = env.App.Services.GetRequiredService<UsageRecorder>();
        var random = new Random(13);
        var distinct = events * 4 / 5;
        var sends = Enumerable.Range(0, distinct).Concat(Enumerable.Range(0, events - distinct).Select(_ => random.Next(distinct))).OrderBy(_ => random.Next()).ToList();
        var first = new DateTimeOffset[distinct];
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = Senders * 2 }, async (n, ct) =>
        {
            var at = DateTimeOffset.UtcNow;
            // A duplicate carries the first send's time, as a redelivered event would.
            if (first[n] == default) first[n] = at;
            await recorder.RecordAsync(new UsageEvent($"bench-recorded:{n}", UsageKinds.McpToolCall, tenants[n % tenants.Count], "", "", $"c{n}", "Ok", first[n]) { Price = 1 }, ct);
        });
        var sent = clock.Elapsed;
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0) await Task.Delay(100);
        var drained = clock.Elapsed;
        var store = env.App.Services.GetRequiredService<BillingStore>();
        var latency = new Percentiles();
        foreach (var tenant in tenants)
            foreach (var entry in await store.EntriesAsync(tenant, null, default))
                if (entry.Leg == LedgerLeg.TenantDebit && entry.UsageId.StartsWith("bench-recorded:", StringComparison.Ordinal))
                    latency.Add(entry.AppliedAt - entry.OccurredAt);
        if (latency.Count != distinct) throw new InvalidOperationException($"{latency.Count} of {distinct} recorded events are in the ledger.");
        Console.WriteLine($"recorded: {events} events ({distinct} distinct) sent through the recorder in {sent.TotalSeconds:0.0} s, all in the ledger after {drained.TotalSeconds:0.0} s: " +
            $"{events / drained.TotalSeconds:0} events/s; event-to-ledger latency: {latency}");
        report.Add("ledger-recorded", Senders * 2, events / drained.TotalSeconds, latency);
    }

    /// <summary>
    /// Events sent at a steady <paramref name="rate"/> for <paramref name="seconds"/> (distinct, over the 20 tenants),
    /// each stamped with its send time; once the queue is empty, each ledger debit's commit time less its event's
    /// send time is its event-to-ledger latency.
    /// </summary>
    static async Task OfferedRateAsync(BenchEnvironment env, BenchReport report, QueueClient queue, List<string> tenants, int rate, int seconds)
    {
        var total = rate * seconds;
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Senders * 2).Select(async _ =>
        {
            for (int n; (n = Interlocked.Increment(ref next)) < total;)
            {
                var due = TimeSpan.FromSeconds((double)n / rate) - clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due);
                var e = new UsageEvent($"bench-rate:{n}", UsageKinds.McpToolCall, tenants[n % tenants.Count], "", "", $"r{n}", "Ok", DateTimeOffset.UtcNow) { Price = 1 };
                await queue.SendMessageAsync(JsonSerializer.Serialize(e, Json.Lenient));
            }
        }));
        var offered = total / clock.Elapsed.TotalSeconds;
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0) await Task.Delay(250);
        var store = env.App.Services.GetRequiredService<BillingStore>();
        var latency = new Percentiles();
        foreach (var tenant in tenants)
            foreach (var entry in await store.EntriesAsync(tenant, null, default))
                if (entry.Leg == LedgerLeg.TenantDebit && entry.UsageId.StartsWith("bench-rate:", StringComparison.Ordinal))
                    latency.Add(entry.AppliedAt - entry.OccurredAt);
        Console.WriteLine($"offered {offered:0} events/s for {seconds} s: {latency.Count} of {total} in the ledger; event-to-ledger latency: {latency}");
        report.Add("ledger-offered", Senders * 2, offered, latency);
    }

    /// <summary>
    /// The worker's own rate: <paramref name="events"/> messages (20% duplicates) put on the queue while the host is
    /// stopped, then timed from the moment the restarted host is up until the queue is empty (what it took during its
    /// start-up is left out). Reported as <c>ledger-drain</c>.
    /// </summary>
    static async Task DrainAsync(BenchEnvironment env, BenchReport report, QueueClient queue, List<string> tenants, int events)
    {
        var random = new Random(11);
        var now = DateTimeOffset.UtcNow;
        var distinct = events * 4 / 5;
        var usage = Enumerable.Range(0, distinct).Select(n => new UsageEvent($"bench-drain:{n}", UsageKinds.McpToolCall, tenants[n % tenants.Count], "", "", $"d{n}", "Ok", now) { Price = 1 }).ToList();
        var messages = usage.Concat(Enumerable.Range(0, events - distinct).Select(_ => usage[random.Next(distinct)]))
            .Select(e => JsonSerializer.Serialize(e, Json.Lenient)).OrderBy(_ => random.Next()).ToList();
        await env.RestartHostAsync(() => Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = Senders }, async (m, ct) => await queue.SendMessageAsync(m, ct)));
        var clock = Stopwatch.StartNew();
        var left = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0) await Task.Delay(100);
        var drained = clock.Elapsed;
        Console.WriteLine($"drain: {events} messages ({distinct} distinct) queued while stopped; the last {left} drained in {drained.TotalSeconds:0.0} s once the host was up: {left / drained.TotalSeconds:0} messages/s");
        report.Add("ledger-drain", 1, left / drained.TotalSeconds, 0, 0);
    }
}
