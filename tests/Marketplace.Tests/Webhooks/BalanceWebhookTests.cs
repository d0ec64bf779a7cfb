using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Billing;
using Marketplace.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Marketplace.Tests.Webhooks;

/// <summary>
/// balance.low once per crossing of the threshold (1 credit by default) by a debit, and grant.expiring once per
/// grant about to expire (within 3 days by default), delivered to the tenant's webhook.
/// </summary>
[Collection("platform-gateway")]
public sealed class BalanceWebhookTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    const long Price = 400_000;

    async Task GrantAsync(string tenantId, object grant)
    {
        using var admin = platform.Admin();
        await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/credits", grant));
    }

    async Task<(HttpClient Client, string Secret)> SubscribedAsync(string key, WebhookReceiver receiver, string type)
    {
        var client = platform.Client(key);
        var created = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url, events = new[] { type } }), HttpStatusCode.Created);
        return (client, created["secret"]!.GetValue<string>());
    }

    static JsonObject TextStats() => new()
    {
        ["message"] = new JsonObject
        {
            ["messageId"] = Guid.NewGuid().ToString("N"), ["role"] = "ROLE_USER",
            ["parts"] = new JsonArray(new JsonObject { ["text"] = "Count these words." }),
            ["metadata"] = new JsonObject { ["skill"] = "text-stats" },
        },
    };

    // An alert follows the debit through the usage and analytics queues of the shared host, which also carry the other
    // collections' work: a minute for each, though it takes a second or two when the host is quiet.
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    static IEnumerable<ReceivedWebhook> OfType(WebhookReceiver receiver, string type) => receiver.Received.Where(r => r.Json["type"]?.GetValue<string>() == type);

    [Fact]
    public async Task A_debit_below_the_threshold_raises_balance_low_once_per_crossing()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        using var publisher = platform.Client(publisherKey);
        var agentId = (await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/agents",
            new { cardUrl = agents.TextAnalyst.CardUrl, visibility = "public", pricing = new { perCall = Price } })))["agentId"]!.GetValue<string>();
        var (tenantId, key) = await platform.NewTenantAsync("developer", plan: "pro");
        await using var receiver = await WebhookReceiver.StartAsync();
        var (client, secret) = await SubscribedAsync(key, receiver, "balance.low");
        using var _ = client;
        // 1.5 credits: a grant alone that leaves the balance above the threshold is no alert.
        await GrantAsync(tenantId, new { amount = 1_500_000 });

        async Task CallAsync() => Assert.Equal("TASK_STATE_COMPLETED",
            (await A2ARpc.ResultAsync(client, agentId, "SendMessage", TextStats()))["task"]!["status"]!["state"]!.GetValue<string>());

        await CallAsync(); // 1.1 credits left: above the threshold
        await CallAsync(); // 0.7: the first crossing
        var first = await receiver.WaitForAsync(r => r.Json["type"]?.GetValue<string>() == "balance.low", Deadline);
        Assert.True(WebhookReceiver.SignatureIsValid(first, secret));
        Assert.Equal($"balance:{tenantId}:low:1", first.Json["id"]!.GetValue<string>());
        Assert.Equal(tenantId, first.Json["subject"]!.GetValue<string>());
        Assert.Equal(700_000, first.Json["data"]!["balance"]!.GetValue<long>());
        Assert.Equal(1_000_000, first.Json["data"]!["threshold"]!.GetValue<long>());

        await CallAsync(); // 0.3: still below, no new alert
        await GrantAsync(tenantId, new { amount = 1_000_000 }); // 1.3: re-armed
        await CallAsync(); // 0.9: the second crossing
        var second = await receiver.WaitForAsync(r => r.Json["id"]?.GetValue<string>() == $"balance:{tenantId}:low:2", Deadline);
        Assert.Equal(900_000, second.Json["data"]!["balance"]!.GetValue<long>());
        Assert.Equal([$"balance:{tenantId}:low:1", $"balance:{tenantId}:low:2"], OfType(receiver, "balance.low").Select(r => r.Json["id"]!.GetValue<string>()).Distinct().Order());
    }

    [Fact]
    public async Task A_grant_about_to_expire_raises_grant_expiring_once()
    {
        var (tenantId, key) = await platform.NewTenantAsync("developer");
        await using var receiver = await WebhookReceiver.StartAsync();
        var (client, secret) = await SubscribedAsync(key, receiver, "grant.expiring");
        using var _ = client;
        var soon = DateTimeOffset.UtcNow.AddDays(1);
        await GrantAsync(tenantId, new { amount = 5_000, id = "g-soon", expiresAt = soon });
        await GrantAsync(tenantId, new { amount = 5_000, id = "g-later", expiresAt = DateTimeOffset.UtcNow.AddDays(30) });
        var alerts = platform.App.Services.GetRequiredService<BalanceAlerts>();

        await alerts.SweepExpiringGrantsAsync(default);
        await alerts.SweepExpiringGrantsAsync(default);
        var expiring = await receiver.WaitForAsync(r => r.Json["data"]?["grantId"]?.GetValue<string>() == "g-soon", TimeSpan.FromSeconds(30));
        Assert.True(WebhookReceiver.SignatureIsValid(expiring, secret));
        Assert.Equal("grant.expiring", expiring.Json["type"]!.GetValue<string>());
        Assert.Equal($"grant:{tenantId}:g-soon:expiring", expiring.Json["id"]!.GetValue<string>());
        Assert.Equal(5_000, expiring.Json["data"]!["remaining"]!.GetValue<long>());
        Assert.Equal(soon.ToUnixTimeSeconds(), DateTimeOffset.Parse(expiring.Json["data"]!["expiresAt"]!.GetValue<string>()).ToUnixTimeSeconds());

        // A later grant announced by a later sweep arrives after anything the second sweep could have sent.
        await GrantAsync(tenantId, new { amount = 5_000, id = "g-next", expiresAt = DateTimeOffset.UtcNow.AddHours(2) });
        await alerts.SweepExpiringGrantsAsync(default);
        await receiver.WaitForAsync(r => r.Json["data"]?["grantId"]?.GetValue<string>() == "g-next", TimeSpan.FromSeconds(30));
        Assert.Single(OfType(receiver, "grant.expiring").Select(r => r.Json["id"]!.GetValue<string>()), id => id.Contains(":g-soon:"));
        Assert.DoesNotContain(OfType(receiver, "grant.expiring"), r => r.Json["data"]!["grantId"]!.GetValue<string>() == "g-later");
    }
}
