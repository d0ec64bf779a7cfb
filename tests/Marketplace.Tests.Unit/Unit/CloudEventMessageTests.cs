using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Events;
using Marketplace.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Marketplace.Tests.Unit;

public sealed class CloudEventMessageTests
{
    static readonly IntegrationEvent Event = new("agt-1:v2", Topics.AgentEvents, "marketplace.agent.updated", "/api/agents", "agt-1",
        new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero), "tenant-a", JsonSerializer.SerializeToElement(new { agentId = "agt-1", version = 2 }));

    [Fact]
    public void An_event_becomes_a_structured_cloud_event_keyed_for_duplicate_detection()
    {
        var message = CloudEventMessage.Create(Event);
        Assert.Equal("agt-1:v2", message.MessageId);
        Assert.Equal("tenant-a", message.PartitionKey);
        Assert.StartsWith("application/cloudevents+json", message.ContentType);
        var body = JsonNode.Parse(message.Body.ToString())!;
        Assert.Equal("1.0", body["specversion"]!.GetValue<string>());
        Assert.Equal("agt-1:v2", body["id"]!.GetValue<string>());
        Assert.Equal("marketplace.agent.updated", body["type"]!.GetValue<string>());
        Assert.Equal("/api/agents", body["source"]!.GetValue<string>());
        Assert.Equal("2026-11-25T08:00:00.000Z", body["time"]!.GetValue<string>());
        Assert.Equal("tenant-a", body["tenantid"]!.GetValue<string>());
        Assert.Equal(2, body["data"]!["version"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("contoso.servicebus.windows.net", typeof(ServiceBusEventPublisher))]
    [InlineData(null, typeof(LocalEventPublisher))]
    public async Task Service_bus_is_used_exactly_when_a_namespace_is_configured(string? ns, Type expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Marketplace:AdminKey"] = "0123456789abcdef0123",
            ["ServiceBus:FullyQualifiedNamespace"] = ns,
        }).Build();
        await using var provider = new ServiceCollection().AddLogging().AddMarketplace(configuration).BuildServiceProvider();
        Assert.IsType(expected, provider.GetRequiredService<IEventPublisher>());
    }
}
