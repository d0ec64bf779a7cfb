using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Webhooks;

/// <summary>Events of a tenant reach its webhook signed, in CloudEvents form, retried with backoff, logged.</summary>
[Collection("platform-gateway")]
public sealed class WebhookDeliveryTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    /// <summary>What a delivery carries, and nothing else: no platform headers, keys or trace context.</summary>
    static readonly HashSet<string> AllowedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Type", "Content-Length", "User-Agent", "webhook-id", "webhook-timestamp", "webhook-signature",
    };

    [Fact]
    public async Task A_finished_task_reaches_the_webhook_signed_within_two_seconds()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (client, secret, webhookId) = await SubscribedTenantAsync(receiver, "task.completed", "task.failed");
        var agentId = await TextAgentAsync();

        var taskId = await CompleteTaskAsync(client, agentId);
        var ended = DateTimeOffset.UtcNow;
        var delivery = await receiver.WaitForAsync(r => r.Json["data"]?["taskId"]?.GetValue<string>() == taskId, TimeSpan.FromSeconds(10));

        Assert.True(delivery.At - ended < TimeSpan.FromSeconds(2), $"Delivered {(delivery.At - ended).TotalMilliseconds:F0} ms after the task ended.");
        Assert.True(WebhookReceiver.SignatureIsValid(delivery, secret), "The signature does not verify.");
        var evt = delivery.Json;
        Assert.Equal("1.0", evt["specversion"]!.GetValue<string>());
        Assert.Equal("task.completed", evt["type"]!.GetValue<string>());
        Assert.Equal(delivery.Id, evt["id"]!.GetValue<string>());
        Assert.Equal(taskId, evt["subject"]!.GetValue<string>());
        Assert.Equal("application/json", evt["datacontenttype"]!.GetValue<string>());
        Assert.Equal($"/a2a/agents/{agentId}", evt["source"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(evt["time"]!.GetValue<string>(), out _));
        Assert.Equal("Completed", evt["data"]!["state"]!.GetValue<string>());
        Assert.Equal(["data", "datacontenttype", "id", "source", "specversion", "subject", "time", "type"], evt.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(delivery.Headers.Keys, h => Assert.Contains(h, AllowedHeaders));
        Assert.StartsWith("application/json", delivery.Headers["Content-Type"]);

        var log = await DeliveriesAsync(client, webhookId);
        var entry = Assert.Single(log, e => e["eventId"]!.GetValue<string>() == delivery.Id);
        Assert.True(entry["succeeded"]!.GetValue<bool>());
        Assert.Equal(200, entry["statusCode"]!.GetValue<int>());
        Assert.Equal("task.completed", entry["eventType"]!.GetValue<string>());
        Assert.True(entry["latencyMs"]!.GetValue<double>() >= 0);
    }

    [Fact]
    public async Task A_receiver_that_fails_three_times_gets_the_event_on_the_fourth_try()
    {
        await using var receiver = await WebhookReceiver.StartAsync(n => n <= 3 ? 500 : 204);
        var (client, secret, webhookId) = await SubscribedTenantAsync(receiver, "task.completed");
        var taskId = await CompleteTaskAsync(client, await TextAgentAsync());

        var delivered = await receiver.WaitForAsync(r => r.Json["data"]?["taskId"]?.GetValue<string>() == taskId && receiver.Received.Count >= 4, TimeSpan.FromSeconds(20));
        var log = await Eventually.Get(async () => await DeliveriesAsync(client, webhookId) is { Count: 4 } l ? l : null);

        // Newest first: one success after three 500s, tries numbered 4..1, all of the same event, all signed alike.
        Assert.Equal([4, 3, 2, 1], log.Select(e => e["attempt"]!.GetValue<int>()));
        Assert.Equal([true, false, false, false], log.Select(e => e["succeeded"]!.GetValue<bool>()));
        Assert.Equal([204, 500, 500, 500], log.Select(e => e["statusCode"]!.GetValue<int>()));
        Assert.All(log.Skip(1), e => Assert.Equal("it answered HTTP 500", e["error"]!.GetValue<string>()));
        Assert.Single(log.Select(e => e["eventId"]!.GetValue<string>()).Distinct());
        Assert.All(receiver.Received, r => Assert.True(WebhookReceiver.SignatureIsValid(r, secret)));
        Assert.Single(receiver.Received.Select(r => r.Id).Distinct());
        Assert.Equal("active", (await WebhookAsync(client, webhookId))["status"]!.GetValue<string>());
        Assert.NotNull(delivered);
    }

    [Fact]
    public async Task A_receiver_that_hangs_is_given_up_on_and_tried_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync(n => n == 1 ? 0 : 200);
        var (client, _, webhookId) = await SubscribedTenantAsync(receiver, "task.completed");
        await CompleteTaskAsync(client, await TextAgentAsync());

        var log = await Eventually.Get(async () => await DeliveriesAsync(client, webhookId) is { Count: 2 } l ? l : null, TimeSpan.FromSeconds(20));
        Assert.Equal([true, false], log.Select(e => e["succeeded"]!.GetValue<bool>()));
        var hung = log[1];
        Assert.Equal("it did not answer in time", hung["error"]!.GetValue<string>());
        Assert.Null(hung["statusCode"]);
        // The try timeout is 1 s in the test platform: the hung try ended near it, not at some client default.
        Assert.InRange(hung["latencyMs"]!.GetValue<double>(), 900, 4000);
    }

    [Fact]
    public async Task Repeated_failure_disables_the_webhook_with_a_reason_and_a_good_test_enables_it_again()
    {
        var failing = true;
        await using var receiver = await WebhookReceiver.StartAsync(_ => Volatile.Read(ref failing) ? 503 : 200);
        var (client, _, webhookId) = await SubscribedTenantAsync(receiver, "task.completed");
        await CompleteTaskAsync(client, await TextAgentAsync());

        var disabled = await Eventually.Get(async () => await WebhookAsync(client, webhookId) is var w && w["status"]!.GetValue<string>() == "disabled" ? w : null, TimeSpan.FromSeconds(20));
        var reason = disabled["disabledReason"]!.GetValue<string>();
        Assert.Contains("5 tries", reason);
        Assert.Contains("it answered HTTP 503", reason);
        Assert.NotNull(disabled["disabledAt"]);
        Assert.Equal(5, (await DeliveriesAsync(client, webhookId)).Count);

        // Disabled: a new event is not sent (once the relay has published it, the fan-out has passed), and redelivery is refused.
        var before = receiver.Received.Count;
        var taskId = await CompleteTaskAsync(client, await TextAgentAsync());
        using (var admin = platform.Admin())
            await Eventually.Get(async () => (await admin.GetFromJsonAsync<JsonArray>("/api/admin/events?topic=task-updates"))!
                .Any(e => e!["subject"]?.GetValue<string>() == taskId) ? "" : null);
        var firstTry = (await DeliveriesAsync(client, webhookId)).Last()["id"]!.GetValue<string>();
        await ProblemAssert.IsProblem(await client.PostAsync($"/api/webhooks/{webhookId}/deliveries/{firstTry}/redeliver", null), HttpStatusCode.Conflict);

        Volatile.Write(ref failing, false);
        var test = await ProblemAssert.ReadObject(await client.PostAsync($"/api/webhooks/{webhookId}/test", null), HttpStatusCode.OK);
        Assert.True(test["succeeded"]!.GetValue<bool>());
        var enabled = await WebhookAsync(client, webhookId);
        Assert.Equal("active", enabled["status"]!.GetValue<string>());
        Assert.Null(enabled["disabledReason"]);
        // Only the test reached the receiver after it was disabled.
        Assert.Equal("webhook.test", Assert.Single(receiver.Received.Skip(before)).Json["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_test_endpoint_sends_a_signed_test_event_and_redelivery_sends_the_same_event_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (client, secret, webhookId) = await SubscribedTenantAsync(receiver, "listing.published");

        var tried = await ProblemAssert.ReadObject(await client.PostAsync($"/api/webhooks/{webhookId}/test", null), HttpStatusCode.OK);
        Assert.True(tried["succeeded"]!.GetValue<bool>());
        var test = await receiver.WaitForAsync(r => r.Json["type"]?.GetValue<string>() == "webhook.test");
        Assert.True(WebhookReceiver.SignatureIsValid(test, secret));
        Assert.Equal(webhookId, test.Json["data"]!["webhookId"]!.GetValue<string>());
        Assert.Equal(tried["eventId"]!.GetValue<string>(), test.Id);

        var queued = await ProblemAssert.ReadObject(await client.PostAsync($"/api/webhooks/{webhookId}/deliveries/{tried["id"]}/redeliver", null), HttpStatusCode.Accepted);
        Assert.Equal(test.Id, queued["eventId"]!.GetValue<string>());
        await Eventually.Get(() => Task.FromResult(receiver.Received.Count(r => r.Id == test.Id) == 2 ? receiver : null));
        var again = receiver.Received.Last(r => r.Id == test.Id);
        Assert.Equal(test.Body, again.Body);
        Assert.True(WebhookReceiver.SignatureIsValid(again, secret));
        var log = await Eventually.Get(async () => await DeliveriesAsync(client, webhookId) is { Count: 2 } l ? l : null);
        Assert.All(log, e => Assert.Equal(test.Id, e["eventId"]!.GetValue<string>()));

        await ProblemAssert.IsProblem(await client.PostAsync($"/api/webhooks/{webhookId}/deliveries/0000000000000000000nothing/redeliver", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_published_listing_and_a_first_review_reach_the_publishers_webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (publisherId, publisherKey) = await platform.NewTenantAsync("owner");
        using var publisher = platform.Client(publisherKey);
        var created = await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/webhooks",
            new { url = receiver.Url, events = new[] { "listing.published", "review.created" } }), HttpStatusCode.Created);
        var secret = created["secret"]!.GetValue<string>();

        var listing = await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/agents",
            new { cardUrl = agents.TextAnalyst.CardUrl, visibility = "public", pricing = new { perCall = 100 } }), HttpStatusCode.Created);
        var agentId = listing["agentId"]!.GetValue<string>();
        var published = await receiver.WaitForAsync(r => r.Json["type"]?.GetValue<string>() == "listing.published" && r.Json["subject"]?.GetValue<string>() == agentId);
        Assert.True(WebhookReceiver.SignatureIsValid(published, secret));
        Assert.Equal(publisherId, published.Json["data"]!["publisherTenantId"]!.GetValue<string>());

        // A review needs a paid use: the reviewer gets credit, completes a task, then reviews.
        var (reviewerId, reviewerKey) = await platform.NewTenantAsync("owner");
        using (var admin = platform.Admin())
            await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/admin/tenants/{reviewerId}/credits", new { amount = 10_000 }));
        using var reviewer = platform.Client(reviewerKey);
        await CompleteTaskAsync(reviewer, agentId);
        // The shared host's billing queue also carries the other collections' usage: a minute, not the default 20 s.
        await Eventually.Get(async () => (await reviewer.GetFromJsonAsync<JsonObject>("/api/billing/ledger"))!["entries"]!.AsArray().Count > 0 ? "" : null, TimeSpan.FromSeconds(60));
        await ProblemAssert.ReadObject(await reviewer.PutAsJsonAsync($"/api/agents/{agentId}/reviews/mine", new { rating = 4, text = "Useful" }));

        var review = await receiver.WaitForAsync(r => r.Json["type"]?.GetValue<string>() == "review.created");
        Assert.Equal(agentId, review.Json["subject"]!.GetValue<string>());
        Assert.Equal(reviewerId, review.Json["data"]!["reviewerTenantId"]!.GetValue<string>());
        Assert.Equal(4, review.Json["data"]!["rating"]!.GetValue<int>());
        Assert.True(WebhookReceiver.SignatureIsValid(review, secret));
    }

    [Fact]
    public async Task A_federated_tool_whose_definition_drifts_is_reported_blocked_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var upstream = await UpstreamMcpServer.StartAsync();
        var (tenantId, key) = await platform.NewTenantAsync("developer");
        platform.App.Configuration[$"ToolSecrets:{tenantId}:upstream-token"] = upstream.RequiredToken;
        using var client = platform.Client(key);
        var secret = (await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url, events = new[] { "tool.blocked" } }), HttpStatusCode.Created))["secret"]!.GetValue<string>();
        await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/mcp-servers", new
        {
            prefix = "up", url = upstream.Url.ToString(), headers = new[] { new { name = UpstreamMcpServer.TokenHeader, secret = "upstream-token" } },
        }), HttpStatusCode.Created);
        var approvedHash = (await ProblemAssert.ReadObject(await client.GetAsync("/api/tools/up.add")))["approvedHash"]!.GetValue<string>();

        upstream.Tools["add"] = UpstreamMcpServer.NewTool("add", "Adds two numbers, and more.", """{"type":"object","properties":{"a":{"type":"number"}}}""");
        // The first sync finds the drift; the second finds nothing new.
        await ProblemAssert.ReadObject(await client.PostAsync("/api/mcp-servers/up/sync", null));
        await ProblemAssert.ReadObject(await client.PostAsync("/api/mcp-servers/up/sync", null));

        var blocked = await receiver.WaitForAsync(r => r.Json["type"]?.GetValue<string>() == "tool.blocked");
        Assert.True(WebhookReceiver.SignatureIsValid(blocked, secret));
        Assert.Equal("up.add", blocked.Json["data"]!["toolName"]!.GetValue<string>());
        Assert.Equal("up", blocked.Json["data"]!["server"]!.GetValue<string>());
        Assert.Equal(approvedHash, blocked.Json["data"]!["approvedHash"]!.GetValue<string>());
        Assert.Equal((await ProblemAssert.ReadObject(await client.GetAsync("/api/tools/up.add")))["definitionHash"]!.GetValue<string>(),
            blocked.Json["data"]!["definitionHash"]!.GetValue<string>());
    }

    [Fact]
    public async Task Workflow_runs_and_approvals_reach_the_runs_tenant()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (client, secret, _) = await SubscribedTenantAsync(receiver, "run.completed", "run.failed", "approval.requested");
        await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/workflows", new JsonObject
        {
            ["id"] = "pause", ["name"] = "pause", ["steps"] = new JsonArray(new JsonObject { ["id"] = "wait", ["kind"] = "delay", ["seconds"] = 1 }),
        }), HttpStatusCode.Created);
        // An approval nobody gives: asked for, then the run fails at its deadline.
        await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/workflows", new JsonObject
        {
            ["id"] = "gated", ["name"] = "gated", ["steps"] = new JsonArray(new JsonObject { ["id"] = "ok", ["kind"] = "approval", ["timeoutSeconds"] = 1 }),
        }), HttpStatusCode.Created);
        var completedRun = (await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/workflows/pause/runs", new JsonObject()), HttpStatusCode.Accepted))["runId"]!.GetValue<string>();
        var failedRun = (await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/workflows/gated/runs", new JsonObject()), HttpStatusCode.Accepted))["runId"]!.GetValue<string>();

        ReceivedWebhook Of(string type, string runId) => receiver.Received.Single(r => r.Json["type"]!.GetValue<string>() == type && r.Json["subject"]!.GetValue<string>() == runId);
        await Eventually.Get(() => Task.FromResult(receiver.Received.Count >= 3 ? receiver : null), TimeSpan.FromSeconds(30));
        var completed = Of("run.completed", completedRun);
        Assert.Equal("completed", completed.Json["data"]!["state"]!.GetValue<string>());
        Assert.Equal("pause", completed.Json["data"]!["workflowId"]!.GetValue<string>());
        var approval = Of("approval.requested", failedRun);
        Assert.Equal("ok", approval.Json["data"]!["stepPath"]!.GetValue<string>());
        Assert.Equal("failed", Of("run.failed", failedRun).Json["data"]!["state"]!.GetValue<string>());
        Assert.All(receiver.Received, r => Assert.True(WebhookReceiver.SignatureIsValid(r, secret)));
    }

    async Task<(HttpClient Client, string Secret, string WebhookId)> SubscribedTenantAsync(WebhookReceiver receiver, params string[] events)
    {
        var (_, key) = await platform.NewTenantAsync("developer");
        var client = platform.Client(key);
        client.DefaultRequestHeaders.Add("A2A-Version", "1.0");
        var created = await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url, events, description = "test receiver" }), HttpStatusCode.Created);
        return (client, created["secret"]!.GetValue<string>(), created["webhook"]!["id"]!.GetValue<string>());
    }

    async Task<string> TextAgentAsync()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        return (await agents.PublishAsync(platform.BaseAddress, publisherKey)).TextAnalyst;
    }

    /// <summary>A blocking SendMessage: the answer comes when the task has ended.</summary>
    static async Task<string> CompleteTaskAsync(HttpClient client, string agentId)
    {
        if (!client.DefaultRequestHeaders.Contains("A2A-Version")) client.DefaultRequestHeaders.Add("A2A-Version", "1.0");
        var sent = await A2ARpc.ResultAsync(client, agentId, "SendMessage", new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER",
                ["parts"] = new JsonArray(new JsonObject { ["text"] = "Cats purr. Dogs bark. Cats sleep." }),
                ["metadata"] = new JsonObject { ["skill"] = "keywords" },
            },
        });
        Assert.Equal("TASK_STATE_COMPLETED", sent["task"]!["status"]!["state"]!.GetValue<string>());
        return sent["task"]!["id"]!.GetValue<string>();
    }

    static async Task<List<JsonNode>> DeliveriesAsync(HttpClient client, string webhookId) =>
        (await ProblemAssert.ReadObject(await client.GetAsync($"/api/webhooks/{webhookId}/deliveries?limit=100"), HttpStatusCode.OK))["items"]!.AsArray().Select(n => n!).ToList();

    static async Task<JsonObject> WebhookAsync(HttpClient client, string webhookId) =>
        await ProblemAssert.ReadObject(await client.GetAsync($"/api/webhooks/{webhookId}"), HttpStatusCode.OK);
}
