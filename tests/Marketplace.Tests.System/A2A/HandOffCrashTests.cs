using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.A2A;

/// <summary>
/// The marketplace process dies (SIGKILL, injected by the test-only <c>A2A:KillProcessAfterTaskSave</c>) right after
/// a caller's message is stored and before the step that must follow: for a task that ended within its request,
/// recording its usage; for one still working, starting its lifecycle; for an answer to a waiting task, telling its
/// lifecycle. After a restart the hand-off record stored with each task is swept: every task is followed to its end
/// and billed exactly once.
/// </summary>
[Collection("platform")]
public sealed class HandOffCrashTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    const long Price = 1_000;

    [Fact]
    public async Task Tasks_stored_just_before_a_crash_are_billed_once_and_followed_after_a_restart()
    {
        var prefix = "h" + Guid.NewGuid().ToString("N")[..8];
        var contentRoot = Directory.CreateTempSubdirectory("marketplace-handoff-").FullName;
        var port = NodeTools.GetFreeTcpPort();
        string[] settings =
        [
            $"--AzureWebJobsStorage={platform.Azurite.ConnectionString}", $"--Storage:Prefix={prefix}", $"--Marketplace:AdminKey={PlatformFixture.AdminKey}",
            "--Durable:Backend=InMemory", "--Outbound:AllowLoopback=true", "--Outbound:AllowHttp=true", "--A2A:PollInterval=00:00:00.200",
            "--A2A:Lifecycle:HandOffGrace=00:00:01", "--A2A:Lifecycle:HandOffSweepInterval=00:00:00.500",
            // Polling for the outcome must not run into the plan's rate limits.
            "--Billing:Plans:pro:RequestsPerMinute=0", "--Billing:Plans:pro:AgentCallsPerMinute=0",
        ];
        string[] crashing = [.. settings, "--A2A:KillProcessAfterTaskSave=true"];

        string key, tenantId, agentId;
        await using (var host = await HostProcess.StartAsync(port, contentRoot, crashing))
        {
            using var admin = host.Client(PlatformFixture.AdminKey);
            var publisherKey = await NewTenantKeyAsync(admin, "publisher");
            using var publisher = host.Client(publisherKey);
            agentId = (await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/agents",
                new { cardUrl = agents.TextAnalyst.CardUrl, visibility = "public", pricing = new { perCall = Price } })))["agentId"]!.GetValue<string>();
            key = await NewTenantKeyAsync(admin, "developer");
            tenantId = key.Split('.')[1];
            (await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/credits", new { amount = 10 * Price })).EnsureSuccessStatusCode();

            // Finished within the request: the process dies before the usage is recorded.
            using var client = host.Client(key);
            await SendUntilTheProcessDiesAsync(client, agentId, Send("ctx-billed", "text-stats", delayMs: 0, returnImmediately: false));
        }

        await using (var host = await HostProcess.StartAsync(port, contentRoot, crashing))
        {
            // Still working: the process dies before the lifecycle is started.
            using var client = host.Client(key);
            await SendUntilTheProcessDiesAsync(client, agentId, Send("ctx-followed", "summarize", delayMs: 1500, returnImmediately: true));
        }

        await using (var restarted = await HostProcess.StartAsync(port, contentRoot, settings))
        {
            using var client = restarted.Client(key);
            var billed = await TaskInAsync(client, agentId, "ctx-billed");
            Assert.Equal("TASK_STATE_COMPLETED", billed["status"]!["state"]!.GetValue<string>());
            var followed = await Eventually.Get(async () =>
            {
                var task = await TaskInAsync(client, agentId, "ctx-followed");
                return task["status"]!["state"]!.GetValue<string>() == "TASK_STATE_COMPLETED" ? task : null;
            }, TimeSpan.FromSeconds(60));
            Assert.NotEmpty(followed["artifacts"]!.AsArray());

            // Every hand-off record is gone, so no step can run again; then both tasks are charged exactly once.
            await NoHandOffLeftAsync(prefix, tenantId);
            using var admin = restarted.Client(PlatformFixture.AdminKey);
            var reconciliation = await Eventually.Get(async () =>
            {
                var r = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenantId}");
                return r!["appliedEvents"]!.GetValue<int>() >= 2 ? r : null;
            }, TimeSpan.FromSeconds(60));
            Assert.Equal(2, reconciliation["appliedEvents"]!.GetValue<int>());
            Assert.Equal(2 * Price, reconciliation["debits"]!.GetValue<long>());
            Assert.True(reconciliation["balanced"]!.GetValue<bool>(), reconciliation.ToJsonString());
            var balance = await client.GetFromJsonAsync<JsonObject>("/api/billing/balance");
            Assert.Equal(0L, balance!["reserved"]!.GetValue<long>());
            Assert.Equal(8 * Price, balance["balance"]!.GetValue<long>());
        }
    }

    /// <summary>
    /// The process dies (<c>A2A:KillProcessAfterUsageSend</c>) after the outbox has queued the usage of a task billed
    /// within its request and before its outbox row is deleted. After a restart the sweeper sends the row's event
    /// again and the billing worker books it once: one charge, reconciliation balanced, no row left.
    /// </summary>
    [Fact]
    public async Task A_bill_sent_just_before_a_crash_and_sent_again_by_the_sweeper_is_booked_once()
    {
        var prefix = "h" + Guid.NewGuid().ToString("N")[..8];
        var contentRoot = Directory.CreateTempSubdirectory("marketplace-handoff-").FullName;
        var port = NodeTools.GetFreeTcpPort();
        string[] settings =
        [
            $"--AzureWebJobsStorage={platform.Azurite.ConnectionString}", $"--Storage:Prefix={prefix}", $"--Marketplace:AdminKey={PlatformFixture.AdminKey}",
            "--Durable:Backend=InMemory", "--Outbound:AllowLoopback=true", "--Outbound:AllowHttp=true", "--A2A:PollInterval=00:00:00.200",
            "--A2A:Lifecycle:HandOffGrace=00:00:01", "--A2A:Lifecycle:HandOffSweepInterval=00:00:00.500",
            "--Billing:Plans:pro:RequestsPerMinute=0", "--Billing:Plans:pro:AgentCallsPerMinute=0",
        ];

        string key, tenantId, agentId;
        await using (var host = await HostProcess.StartAsync(port, contentRoot, settings))
        {
            using var admin = host.Client(PlatformFixture.AdminKey);
            using var publisher = host.Client(await NewTenantKeyAsync(admin, "publisher"));
            agentId = (await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/agents",
                new { cardUrl = agents.TextAnalyst.CardUrl, visibility = "public", pricing = new { perCall = Price } })))["agentId"]!.GetValue<string>();
            key = await NewTenantKeyAsync(admin, "developer");
            tenantId = key.Split('.')[1];
            (await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/credits", new { amount = 10 * Price })).EnsureSuccessStatusCode();
        }

        await using (var host = await HostProcess.StartAsync(port, contentRoot, [.. settings, "--A2A:KillProcessAfterUsageSend=true"]))
        {
            using var client = host.Client(key);
            // The answer races the crash, which follows it off the response path: either outcome is fine.
            try
            {
                await A2ARpc.PostAsync(client, agentId, "SendMessage", Send("ctx-sent", "text-stats", delayMs: 0, returnImmediately: false));
            }
            catch (HttpRequestException)
            {
            }
            await Eventually.Get(() => Task.FromResult(host.HasExited ? "dead" : null), TimeSpan.FromSeconds(30));
        }

        await using (var restarted = await HostProcess.StartAsync(port, contentRoot, settings))
        {
            using var client = restarted.Client(key);
            var task = await TaskInAsync(client, agentId, "ctx-sent");
            Assert.Equal("TASK_STATE_COMPLETED", task["status"]!["state"]!.GetValue<string>());
            await NoHandOffLeftAsync(prefix, tenantId);
            using var admin = restarted.Client(PlatformFixture.AdminKey);
            var reconciliation = await Eventually.Get(async () =>
            {
                var r = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenantId}");
                return r!["appliedEvents"]!.GetValue<int>() >= 1 ? r : null;
            }, TimeSpan.FromSeconds(60));
            // The swept copy has reached the worker too (no row is left, so it was sent): still one booking.
            await Eventually.Get(async () => (await QueuedUsageAsync(prefix)) == 0 ? "" : null, TimeSpan.FromSeconds(30));
            reconciliation = (await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenantId}"))!;
            Assert.Equal(1, reconciliation["appliedEvents"]!.GetValue<int>());
            Assert.Equal(Price, reconciliation["debits"]!.GetValue<long>());
            Assert.True(reconciliation["balanced"]!.GetValue<bool>(), reconciliation.ToJsonString());
            var balance = await client.GetFromJsonAsync<JsonObject>("/api/billing/balance");
            Assert.Equal(0L, balance!["reserved"]!.GetValue<long>());
            Assert.Equal(9 * Price, balance["balance"]!.GetValue<long>());
        }
    }

    /// <summary>Usage messages not yet taken off the queue (visible or in flight).</summary>
    async Task<int> QueuedUsageAsync(string prefix)
    {
        var queue = new Azure.Storage.Queues.QueueClient(platform.Azurite.ConnectionString, $"{prefix}-usage-events");
        return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }

    /// <summary>
    /// The caller's answer to a task waiting for input completes it, and the process dies before the task's lifecycle
    /// (surviving on the Azure Storage backend, waiting for that answer) is told: after the restart the lifecycle is
    /// told by the sweeper, and the task is billed exactly once instead of waiting out its input timeout.
    /// </summary>
    [Fact]
    public async Task An_answer_stored_just_before_a_crash_reaches_the_task_lifecycle_after_a_restart()
    {
        var prefix = "h" + Guid.NewGuid().ToString("N")[..8];
        var contentRoot = Directory.CreateTempSubdirectory("marketplace-handoff-").FullName;
        var port = NodeTools.GetFreeTcpPort();
        string[] settings =
        [
            $"--AzureWebJobsStorage={platform.Azurite.ConnectionString}", $"--Storage:Prefix={prefix}", $"--Marketplace:AdminKey={PlatformFixture.AdminKey}",
            "--Durable:Backend=AzureStorage", $"--Durable:TaskHub={prefix}hub", "--Outbound:AllowLoopback=true", "--Outbound:AllowHttp=true",
            "--A2A:PollInterval=00:00:00.200", "--A2A:Lifecycle:HandOffGrace=00:00:01", "--A2A:Lifecycle:HandOffSweepInterval=00:00:00.500",
            "--Billing:Plans:pro:RequestsPerMinute=0", "--Billing:Plans:pro:AgentCallsPerMinute=0",
        ];

        string key, tenantId, agentId, taskId, contextId;
        await using (var host = await HostProcess.StartAsync(port, contentRoot, settings))
        {
            using var admin = host.Client(PlatformFixture.AdminKey);
            using var publisher = host.Client(await NewTenantKeyAsync(admin, "publisher"));
            agentId = (await ProblemAssert.ReadObject(await publisher.PostAsJsonAsync("/api/agents",
                new { cardUrl = agents.UnitConverter.CardUrl, visibility = "public", pricing = new { perCall = Price } })))["agentId"]!.GetValue<string>();
            key = await NewTenantKeyAsync(admin, "developer");
            tenantId = key.Split('.')[1];
            (await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/credits", new { amount = 10 * Price })).EnsureSuccessStatusCode();
            using var client = host.Client(key);
            var asked = (await A2ARpc.ResultAsync(client, agentId, "SendMessage", Message("12 km")))["task"]!;
            Assert.Equal("TASK_STATE_INPUT_REQUIRED", asked["status"]!["state"]!.GetValue<string>());
            (taskId, contextId) = (asked["id"]!.GetValue<string>(), asked["contextId"]!.GetValue<string>());
        }

        await using (var host = await HostProcess.StartAsync(port, contentRoot, [.. settings, "--A2A:KillProcessAfterTaskSave=true"]))
        {
            using var client = host.Client(key);
            await SendUntilTheProcessDiesAsync(client, agentId, Message("mi", taskId, contextId));
        }

        await using (var restarted = await HostProcess.StartAsync(port, contentRoot, settings))
        {
            using var client = restarted.Client(key);
            var task = await A2ARpc.ResultAsync(client, agentId, "GetTask", new JsonObject { ["id"] = taskId });
            Assert.Equal("TASK_STATE_COMPLETED", task["status"]!["state"]!.GetValue<string>());
            await NoHandOffLeftAsync(prefix, tenantId);
            using var admin = restarted.Client(PlatformFixture.AdminKey);
            var reconciliation = await Eventually.Get(async () =>
            {
                var r = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenantId}");
                return r!["appliedEvents"]!.GetValue<int>() >= 1 ? r : null;
            }, TimeSpan.FromSeconds(60));
            Assert.Equal(1, reconciliation["appliedEvents"]!.GetValue<int>());
            Assert.Equal(Price, reconciliation["debits"]!.GetValue<long>());
            Assert.True(reconciliation["balanced"]!.GetValue<bool>(), reconciliation.ToJsonString());
        }
    }

    /// <summary>Every hand-off record of the tenant is gone: no step can run again.</summary>
    async Task NoHandOffLeftAsync(string prefix, string tenantId)
    {
        var tasksTable = new TableClient(platform.Azurite.ConnectionString, $"{prefix}Tasks");
        await Eventually.Get(async () =>
        {
            var left = 0;
            await foreach (var _ in tasksTable.QueryAsync<TableEntity>(e => e.PartitionKey == tenantId && e.RowKey.CompareTo("handoff|") >= 0 && e.RowKey.CompareTo("handoff}") < 0)) left++;
            return left == 0 ? "" : null;
        }, TimeSpan.FromSeconds(30));
    }

    static JsonObject Message(string text, string? taskId = null, string? contextId = null) => new()
    {
        ["message"] = new JsonObject
        {
            ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER", ["taskId"] = taskId, ["contextId"] = contextId,
            ["parts"] = new JsonArray(new JsonObject { ["text"] = text }),
        },
    };

    static async Task<string> NewTenantKeyAsync(HttpClient admin, string role)
    {
        var tenantId = "ho" + Guid.NewGuid().ToString("N")[..10];
        (await admin.PostAsJsonAsync("/api/tenants", new { id = tenantId, name = "Hand-off test", plan = "pro" })).EnsureSuccessStatusCode();
        return (await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { role })))["key"]!.GetValue<string>();
    }

    /// <summary>The send is answered by no one: the process is killed right after the task is stored.</summary>
    static async Task SendUntilTheProcessDiesAsync(HttpClient client, string agentId, JsonObject parameters)
    {
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => A2ARpc.PostAsync(client, agentId, "SendMessage", parameters));
    }

    static async Task<JsonNode> TaskInAsync(HttpClient client, string agentId, string contextId)
    {
        var listed = await A2ARpc.ResultAsync(client, agentId, "ListTasks", new JsonObject { ["contextId"] = contextId, ["includeArtifacts"] = true });
        return Assert.Single(listed["tasks"]!.AsArray())!;
    }

    static JsonObject Send(string contextId, string skill, int delayMs, bool returnImmediately) => new()
    {
        ["message"] = new JsonObject
        {
            ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER", ["contextId"] = contextId,
            ["parts"] = new JsonArray(new JsonObject { ["text"] = "One sentence here. Another sentence there. A third sentence too. And a fourth one." }),
            ["metadata"] = new JsonObject { ["skill"] = skill, ["delayMs"] = delayMs, ["sentences"] = 2 },
        },
        ["configuration"] = new JsonObject { ["returnImmediately"] = returnImmediately },
    };
}
