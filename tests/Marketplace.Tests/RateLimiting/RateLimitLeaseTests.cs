using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Xunit;
using Xunit.Abstractions;

namespace Marketplace.Tests.RateLimiting;

/// <summary>
/// One tenant's limit hammered through two standalone hosts on one storage prefix of the platform's Azurite: the pair
/// admits no more than one host alone could (the burst plus the rate since the cell's first use), and the cell takes
/// a conditional write per lease, not per request.
/// </summary>
[Collection("platform")]
public sealed class RateLimitLeaseTests(PlatformFixture platform, ITestOutputHelper output) : IAsyncLifetime
{
    // 100 requests a second with a second of burst: leased (LeaseCap: a quarter of the burst, a quarter second = 25).
    const int PerMinute = 6_000, Burst = 100;
    static readonly TimeSpan Interval = TimeSpan.FromMinutes(1) / PerMinute;

    readonly string prefix = "l" + Guid.NewGuid().ToString("N")[..8];
    readonly StorageRequestCount storage = new();
    WebApplication first = null!, second = null!;
    Uri firstAddress = null!, secondAddress = null!;

    public async Task InitializeAsync()
    {
        string[] settings = [PlatformFixture.RequestsOnly, $"--Billing:Plans:free:RequestsPerMinute={PerMinute}", "--Billing:Plans:free:BurstSeconds=1"];
        (first, firstAddress) = await PlatformFixture.StartHostAsync(platform.Azurite.ConnectionString, prefix, null, settings);
        (second, secondAddress) = await PlatformFixture.StartHostAsync(platform.Azurite.ConnectionString, prefix, null, settings);
    }

    public async Task DisposeAsync()
    {
        storage.Dispose();
        foreach (var app in new[] { first, second })
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    sealed class HostTally
    {
        public int Admitted, Refused, OtherStatus;
        public readonly HashSet<string> RetryAfters = [];
    }

    [Fact]
    public async Task Two_hosts_on_one_cell_admit_at_most_the_burst_plus_the_rate_with_a_write_per_lease()
    {
        using var admin = new HttpClient { BaseAddress = firstAddress };
        admin.DefaultRequestHeaders.Add("X-API-Key", PlatformFixture.AdminKey);
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        (await admin.PostAsJsonAsync("/api/tenants", new { name = "Lease " + tenantId, plan = "free", id = tenantId })).EnsureSuccessStatusCode();
        var key = (await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { role = "owner" })))["key"]!.GetValue<string>();
        var cellTable = prefix + "RateLimits";
        var (writesBefore, requestsBefore) = (storage.Writes(cellTable), storage.Table(cellTable));

        // Four callers per host until the pair has admitted the burst and 1.5 s of the rate with both hosts
        // refusing (so both were past their share), or the deadline.
        var tallies = new[] { new HostTally(), new HostTally() };
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var callers = new[] { firstAddress, secondAddress }.SelectMany((address, host) => Enumerable.Range(0, 4).Select(async _ =>
        {
            using var client = new HttpClient { BaseAddress = address };
            client.DefaultRequestHeaders.Add("X-API-Key", key);
            var tally = tallies[host];
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.GetAsync($"/api/tenants/{tenantId}");
                lock (tally)
                {
                    if (response.IsSuccessStatusCode) tally.Admitted++;
                    else if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        tally.Refused++;
                        tally.RetryAfters.Add(response.Headers.GetValues("Retry-After").Single());
                    }
                    else tally.OtherStatus++;
                }
            }
        })).ToList();
        var target = Burst + (int)(TimeSpan.FromSeconds(1.5) / Interval);
        var deadline = TimeSpan.FromSeconds(30);
        while (!(tallies.Sum(t => Volatile.Read(ref t.Admitted)) >= target && tallies.All(t => Volatile.Read(ref t.Refused) > 0)) && clock.Elapsed < deadline)
            await Task.WhenAny(Task.WhenAll(callers), Task.Delay(20));
        stop.Cancel();
        await Task.WhenAll(callers);
        var elapsed = clock.Elapsed;

        var admitted = tallies.Sum(t => t.Admitted);
        var refused = tallies.Sum(t => t.Refused);
        var writes = storage.Writes(cellTable) - writesBefore;
        var requests = storage.Table(cellTable) - requestsBefore;
        output.WriteLine($"{elapsed.TotalSeconds:0.00} s: admitted {tallies[0].Admitted} + {tallies[1].Admitted}, refused {refused}; " +
            $"cell writes {writes} ({(double)writes / admitted:0.000} per admitted, {(double)writes / (admitted + refused):0.0000} per decision), cell requests {requests}");
        Assert.True(elapsed < deadline, $"Only {admitted} admitted and {refused} refused in {elapsed.TotalSeconds:0.0} s.");
        Assert.All(tallies, t => Assert.Equal(0, t.OtherStatus));

        // The cell's bound, summed over both hosts: the burst plus one per interval since the first request (and one
        // for the clocks' granularity). Leases carve from that, never add to it; unused ones only lapse.
        Assert.InRange(admitted, Burst, Burst + (int)(elapsed / Interval) + 1);
        Assert.All(tallies, t => Assert.True(t.Admitted > 0 && t.Refused > 0));
        // A refused host comes back when a lease's worth (25 intervals, 250 ms) has refilled: within the second.
        Assert.All(tallies, t => Assert.Equal(["1"], t.RetryAfters));
        // One conditional write per lease (lost races included), far from one per admitted request.
        Assert.True(writes * 4 <= admitted, $"{writes} cell writes for {admitted} admitted requests.");
    }
}
