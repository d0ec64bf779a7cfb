using System.Text.Json.Nodes;
using Marketplace.A2A.Lifecycle;
using Marketplace.A2A.Push;
using Marketplace.Tests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Marketplace.Tests.A2A;

/// <summary>
/// The gateway in the Functions app's composition, where the only Durable client is the one the wrapper passes in:
/// a task that outlives its request gets its lifecycle, and a task with a webhook its notifier, both started with it.
/// </summary>
[Collection("platform-gateway")]
public sealed class BoundDurableClientTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    [Fact]
    public async Task A_task_still_working_after_its_request_starts_its_lifecycle_and_notifier_with_the_client_passed_in()
    {
        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        var (textAgent, _) = await agents.PublishAsync(platform.BaseAddress, publisherKey);
        var (tenantId, key) = await platform.NewTenantAsync("developer");
        var bound = platform.App.Services.GetRequiredService<DurableTaskClient>();
        await using var functions = await FunctionsStyleHost.StartAsync(platform, bound);
        Assert.Null(functions.Services.GetService<DurableTaskClient>());
        using var client = new HttpClient { BaseAddress = functions.BaseAddress };
        client.DefaultRequestHeaders.Add("X-API-Key", key);

        var sent = await A2ARpc.ResultAsync(client, textAgent, "SendMessage", new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER",
                ["parts"] = new JsonArray(new JsonObject { ["text"] = "First sentence. Second sentence here. Third one." }),
                ["metadata"] = new JsonObject { ["skill"] = "summarize", ["delayMs"] = 300 },
            },
            ["configuration"] = new JsonObject
            {
                ["returnImmediately"] = true,
                // Nothing listens there (the discard port): the notifier only has to be started.
                ["taskPushNotificationConfig"] = new JsonObject { ["url"] = "http://127.0.0.1:9/a2a-push", ["token"] = "t0k" },
            },
        });
        var taskId = sent["task"]!["id"]!.GetValue<string>();
        Assert.NotEqual("TASK_STATE_COMPLETED", sent["task"]!["status"]!["state"]!.GetValue<string>());

        Assert.NotNull(await bound.GetInstanceAsync(ITaskLifecycle.InstanceId(tenantId, taskId)));
        Assert.NotNull(await bound.GetInstanceAsync(PushNames.InstanceId(tenantId, taskId)));
    }
}
