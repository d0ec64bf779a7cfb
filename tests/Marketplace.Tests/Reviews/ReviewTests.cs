using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Reviews;

/// <summary>Reviews are earned by paid use, one per tenant, moderated, and their aggregate stays exact under concurrency.</summary>
[Collection("platform")]
public sealed class ReviewTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    async Task<(string AgentId, HttpClient Publisher)> PricedAgentAsync()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        var publisher = platform.Client(publisherKey);
        var listing = await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/agents",
            new { cardUrl = agents.TextAnalyst.CardUrl, visibility = "public", pricing = new { perCall = 100 } }));
        return (listing["agentId"]!.GetValue<string>(), publisher);
    }

    /// <summary>A tenant that has paid for one completed task of the agent.</summary>
    async Task<(string TenantId, HttpClient Client)> PayingTenantAsync(string agentId)
    {
        var (tenantId, key) = await platform.NewTenantAsync("owner");
        using (var admin = platform.Admin())
            await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/credits", new { amount = 10_000 }));
        var client = platform.Client(key);
        await A2ARpc.ResultAsync(client, agentId, "SendMessage", new JsonObject
        {
            ["message"] = new JsonObject { ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER", ["parts"] = new JsonArray(new JsonObject { ["text"] = "Pay me." }) },
        });
        // Paid once the billing worker has put the charge in the tenant's ledger.
        await Eventually.Get(async () => (await client.GetFromJsonAsync<JsonObject>("/api/billing/ledger"))!["entries"]!.AsArray().Count > 0 ? "" : null);
        return (tenantId, client);
    }

    [Fact]
    public async Task Only_paying_tenants_review_once_each_and_the_publisher_answers_once()
    {
        var (agentId, publisher) = await PricedAgentAsync();
        var (_, freeloaderKey) = await platform.NewTenantAsync("owner");
        using var freeloader = platform.Client(freeloaderKey);
        var refused = await ProblemAssert.IsProblem(await freeloader.PutAsJsonAsync($"/api/agents/{agentId}/reviews/mine", new { rating = 5 }), HttpStatusCode.Forbidden);
        Assert.Equal("urn:marketplace:problem:review-requires-paid-use", refused["type"]!.GetValue<string>());

        var (tenantId, client) = await PayingTenantAsync(agentId);
        var invalid = await ProblemAssert.IsProblem(await client.PutAsJsonAsync($"/api/agents/{agentId}/reviews/mine", new { rating = 6, text = new string('x', 4001) }), HttpStatusCode.BadRequest);
        Assert.Equal(["$.rating", "$.text"], ProblemAssert.ErrorPaths(invalid));
        await ProblemAssert.ReadObject(await client.PutAsJsonAsync($"/api/agents/{agentId}/reviews/mine", new { rating = 4, text = "Good" }));
        await ProblemAssert.ReadObject(await client.PutAsJsonAsync($"/api/agents/{agentId}/reviews/mine", new { rating = 2, text = "Got worse" }));
        // Sending the same edit again (a retry) changes nothing.
        var edited = await ProblemAssert.ReadObject(await client.PutAsJsonAsync($"/api/agents/{agentId}/reviews/mine", new { rating = 2, text = "Got worse" }));
        Assert.Equal(2, edited["version"]!.GetValue<int>());
        var history = await client.GetFromJsonAsync<JsonArray>($"/api/agents/{agentId}/reviews/{tenantId}/history");
        Assert.Equal([4, 2], history!.Select(v => v!["rating"]!.GetValue<int>()));

        var page = await client.GetFromJsonAsync<JsonObject>($"/api/agents/{agentId}/reviews");
        Assert.Equal((1, 2.0), (page!["count"]!.GetValue<int>(), page["mean"]!.GetValue<double>()));
        Assert.Equal([0, 1, 0, 0, 0], page["distribution"]!.AsArray().Select(d => d!.GetValue<int>()));
        Assert.Equal(Math.Round((3.5 * 5 + 2) / 6, 3), page["score"]!.GetValue<double>());

        await ProblemAssert.IsProblem(await client.PostAsJsonAsync($"/api/agents/{agentId}/reviews/{tenantId}/reply", new { text = "Not yours" }), HttpStatusCode.Forbidden);
        await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync($"/api/agents/{agentId}/reviews/{tenantId}/reply", new { text = "Sorry, fixed in 1.1" }));
        await ProblemAssert.IsProblem(await publisher.PostAsJsonAsync($"/api/agents/{agentId}/reviews/{tenantId}/reply", new { text = "Again" }), HttpStatusCode.Conflict);
        publisher.Dispose();
        client.Dispose();
    }

    [Fact]
    public async Task Reports_and_hiding_moderate_reviews_and_the_aggregate_follows()
    {
        var (agentId, publisher) = await PricedAgentAsync();
        var (tenantId, client) = await PayingTenantAsync(agentId);
        await ProblemAssert.ReadObject(await client.PutAsJsonAsync($"/api/agents/{agentId}/reviews/mine", new { rating = 1, text = "Spam spam" }));
        Assert.Equal(HttpStatusCode.Accepted, (await publisher.PostAsync($"/api/agents/{agentId}/reviews/{tenantId}/report", null)).StatusCode);
        using var admin = platform.Admin();
        var listed = await admin.GetFromJsonAsync<JsonObject>($"/api/agents/{agentId}/reviews");
        Assert.Single(listed!["reviews"]!.AsArray()[0]!["reportedBy"]!.AsArray());

        await ProblemAssert.ReadObject(await admin.PostAsync($"/api/admin/agents/{agentId}/reviews/{tenantId}/hide", null));
        var page = await publisher.GetFromJsonAsync<JsonObject>($"/api/agents/{agentId}/reviews");
        Assert.Equal(0, page!["count"]!.GetValue<int>());
        Assert.Empty(page["reviews"]!.AsArray());
        Assert.Equal(3.5, page["score"]!.GetValue<double>());
        await ProblemAssert.IsProblem(await client.PostAsync($"/api/admin/agents/{agentId}/reviews/{tenantId}/hide", null), HttpStatusCode.Forbidden);
        publisher.Dispose();
        client.Dispose();
    }

    [Fact]
    public async Task Everyone_sees_how_often_a_review_was_reported_and_only_the_platform_admin_sees_by_whom()
    {
        var (publisherId, publisherKey) = await platform.NewTenantAsync("publisher");
        using var publisher = platform.Client(publisherKey);
        var agentId = (await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/agents",
            new { cardUrl = agents.TextAnalyst.CardUrl, visibility = "public", pricing = new { perCall = 100 } })))["agentId"]!.GetValue<string>();
        var (authorId, author) = await PayingTenantAsync(agentId);
        await ProblemAssert.ReadObject(await author.PutAsJsonAsync($"/api/agents/{agentId}/reviews/mine", new { rating = 2, text = "Slow" }));
        var (reporterId, reporterKey) = await platform.NewTenantAsync("reader");
        using var reporter = platform.Client(reporterKey);
        var (_, strangerKey) = await platform.NewTenantAsync("reader");
        using var admin = platform.Admin();
        using var stranger = platform.Client(strangerKey);
        foreach (var client in new[] { publisher, reporter })
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/agents/{agentId}/reviews/{authorId}/report", null)).StatusCode);

        // The list, the author's own write and the publisher's reply: a count, and no reporter's id.
        var current = new List<JsonNode>();
        foreach (var client in new[] { stranger, reporter, author, publisher })
            current.Add((await client.GetFromJsonAsync<JsonObject>($"/api/agents/{agentId}/reviews"))!["reviews"]!.AsArray().Single()!);
        current.Add(await ProblemAssert.ReadObject(await author.PutAsJsonAsync($"/api/agents/{agentId}/reviews/mine", new { rating = 2, text = "Slow" })));
        current.Add(await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync($"/api/agents/{agentId}/reviews/{authorId}/reply", new { text = "Faster now" })));
        Assert.All(current, review => Assert.Equal(2, review["reportCount"]!.GetValue<int>()));
        // A version edited after the reports keeps them in its snapshot: the history shows no reporter either.
        await ProblemAssert.ReadObject(await author.PutAsJsonAsync($"/api/agents/{agentId}/reviews/mine", new { rating = 3, text = "Better" }));
        foreach (var client in new[] { stranger, reporter, author, publisher })
            current.AddRange((await client.GetFromJsonAsync<JsonArray>($"/api/agents/{agentId}/reviews/{authorId}/history"))!.Select(v => v!));
        foreach (var review in current)
        {
            Assert.Null(review["reportedBy"]);
            Assert.DoesNotContain(publisherId, review.ToJsonString());
            Assert.DoesNotContain(reporterId, review.ToJsonString());
        }
        var history = await admin.GetFromJsonAsync<JsonArray>($"/api/agents/{agentId}/reviews/{authorId}/history");
        Assert.Equal([0, 2], history!.Select(v => v!["reportCount"]!.GetValue<int>()));
        Assert.Equal(2, history![1]!["reportedBy"]!.AsArray().Count);

        var moderated = (await admin.GetFromJsonAsync<JsonObject>($"/api/agents/{agentId}/reviews"))!["reviews"]!.AsArray().Single()!;
        Assert.Equal(2, moderated["reportCount"]!.GetValue<int>());
        Assert.Equal([publisherId, reporterId], moderated["reportedBy"]!.AsArray().Select(t => t!.GetValue<string>()));
        author.Dispose();
    }

    [Fact]
    public async Task Concurrent_reviews_and_edits_keep_the_aggregate_exact()
    {
        var (agentId, publisher) = await PricedAgentAsync();
        var reviewers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PayingTenantAsync(agentId)));
        // Everyone writes at once, then everyone changes their mind at once, twice over (the second round is a replay).
        await Task.WhenAll(reviewers.Select((r, i) => r.Client.PutAsJsonAsync($"/api/agents/{agentId}/reviews/mine", new { rating = 1 + i % 5 })));
        for (var round = 0; round < 2; round++)
            await Task.WhenAll(reviewers.Select(r => r.Client.PutAsJsonAsync($"/api/agents/{agentId}/reviews/mine", new { rating = 5 })));
        var page = await publisher.GetFromJsonAsync<JsonObject>($"/api/agents/{agentId}/reviews");
        Assert.Equal((8, 5.0), (page!["count"]!.GetValue<int>(), page["mean"]!.GetValue<double>()));
        Assert.Equal([0, 0, 0, 0, 8], page["distribution"]!.AsArray().Select(d => d!.GetValue<int>()));
        foreach (var (_, client) in reviewers) client.Dispose();
        publisher.Dispose();
    }
}
