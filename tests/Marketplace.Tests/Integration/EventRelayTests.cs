using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Integration;

/// <summary>The queue worker (standalone poller) relays integration events and poisons what it cannot handle.</summary>
[Collection("platform")]
public sealed class EventRelayTests(PlatformFixture platform)
{
    [Fact]
    public async Task Publishing_an_agent_raises_an_agent_event_through_the_queue()
    {
        var (tenantId, key) = await platform.NewTenantAsync();
        using var client = platform.Client(key);
        var agentId = (await ProblemAssert.ReadObject(await client.PostAsJsonAsync("/api/agents", new { card = Cards.Valid() })))["agentId"]!.GetValue<string>();

        using var admin = platform.Admin();
        var evt = await Eventually.Get(async () => (await admin.GetFromJsonAsync<JsonArray>("/api/admin/events?topic=agent-events"))!
            .FirstOrDefault(e => e!["id"]!.GetValue<string>() == $"{agentId}:v1"));
        Assert.Equal("marketplace.agent.published", evt["type"]!.GetValue<string>());
        Assert.Equal(tenantId, evt["tenantId"]!.GetValue<string>());
        Assert.Equal(agentId, evt["data"]!["agentId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_message_the_handler_cannot_process_ends_in_the_poison_queue()
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var queue = new QueueClient(platform.Azurite.ConnectionString, $"{platform.StoragePrefix}-integration-events", options);
        var poison = new QueueClient(platform.Azurite.ConnectionString, $"{platform.StoragePrefix}-integration-events-poison", options);
        var marker = "not-an-event-" + Guid.NewGuid().ToString("N");
        await queue.SendMessageAsync(marker);

        var found = await Eventually.Get(async () => (await poison.PeekMessagesAsync(32)).Value.FirstOrDefault(m => m.Body.ToString() == marker));
        Assert.Equal(marker, found.Body.ToString());
    }
}
