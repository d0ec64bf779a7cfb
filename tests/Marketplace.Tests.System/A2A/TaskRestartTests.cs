using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.A2A;

/// <summary>
/// A task in flight survives a hard kill of the marketplace: the durable lifecycle (Azure Storage backend on Azurite)
/// resumes in the restarted process, brings the task to completion, and its usage is applied to the ledger once.
/// </summary>
[Collection("platform")]
public sealed class TaskRestartTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    [Fact]
    public async Task A_task_in_flight_completes_after_the_host_is_killed_and_restarted()
    {
        var prefix = "r" + Guid.NewGuid().ToString("N")[..8];
        var contentRoot = Directory.CreateTempSubdirectory("marketplace-restart-").FullName;
        var port = NodeTools.GetFreeTcpPort();
        string[] settings =
        [
            $"--AzureWebJobsStorage={platform.Azurite.ConnectionString}", $"--Storage:Prefix={prefix}", $"--Marketplace:AdminKey={PlatformFixture.AdminKey}",
            "--Durable:Backend=AzureStorage", $"--Durable:TaskHub={prefix}hub", "--Outbound:AllowLoopback=true", "--Outbound:AllowHttp=true",
            "--A2A:Lifecycle:FollowerLease=00:00:03", "--A2A:PollInterval=00:00:00.200",
        ];

        string key, agentId, taskId;
        await using (var host = await HostProcess.StartAsync(port, contentRoot, settings))
        {
            using var admin = host.Client(PlatformFixture.AdminKey);
            var tenantId = "crash" + Guid.NewGuid().ToString("N")[..8];
            (await admin.PostAsJsonAsync("/api/tenants", new { id = tenantId, name = "Crash test", plan = "pro" })).EnsureSuccessStatusCode();
            key = (await ProblemAssert.ReadObject(await admin.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { role = "owner" })))["key"]!.GetValue<string>();
            (agentId, _) = await agents.PublishAsync(host.BaseAddress, key);

            using var client = host.Client(key);
            var sent = await A2ARpc.ResultAsync(client, agentId, "SendMessage", new JsonObject
            {
                ["message"] = new JsonObject
                {
                    ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER",
                    ["parts"] = new JsonArray(new JsonObject { ["text"] = "One sentence here. Another sentence there. A third sentence too. And a fourth one." }),
                    ["metadata"] = new JsonObject { ["skill"] = "summarize", ["delayMs"] = 1500, ["sentences"] = 3 },
                },
                ["configuration"] = new JsonObject { ["returnImmediately"] = true },
            });
            taskId = sent["task"]!["id"]!.GetValue<string>();
            Assert.NotEqual("TASK_STATE_COMPLETED", sent["task"]!["status"]!["state"]!.GetValue<string>());
            await Task.Delay(1000); // the lifecycle is following the task when the host dies
            host.Kill();
        }

        await using (var restarted = await HostProcess.StartAsync(port, contentRoot, settings))
        {
            using var client = restarted.Client(key);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            JsonNode task;
            do
            {
                await Task.Delay(250);
                task = await A2ARpc.ResultAsync(client, agentId, "GetTask", new JsonObject { ["id"] = taskId });
            } while (task["status"]!["state"]!.GetValue<string>() != "TASK_STATE_COMPLETED" && DateTime.UtcNow < deadline);
            Assert.Equal("TASK_STATE_COMPLETED", task["status"]!["state"]!.GetValue<string>());
            Assert.NotEmpty(task["artifacts"]!.AsArray());

            // The billing worker applied the task's usage exactly once, however often the lifecycle recorded it.
            using var admin = restarted.Client(PlatformFixture.AdminKey);
            var tenantId = key.Split('.')[1];
            var reconciliation = await Eventually.Get(async () =>
            {
                var r = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenantId}");
                return r!["appliedEvents"]!.GetValue<int>() > 0 ? r : null;
            });
            await Task.Delay(1000); // a second application would have landed by now
            reconciliation = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/billing/reconcile/{tenantId}");
            Assert.Equal(1, reconciliation!["appliedEvents"]!.GetValue<int>());
        }
    }
}
