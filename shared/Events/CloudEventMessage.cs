using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.ServiceBus;

namespace Marketplace.Events;

/// <summary>
/// An integration event as a Service Bus message in the CloudEvents 1.0 structured JSON format. The message id is
/// the event id, so Service Bus duplicate detection drops a republished event; the partition key is the tenant, so
/// one tenant's events stay in order on partitioned entities.
/// </summary>
public static class CloudEventMessage
{
    public const string ContentType = "application/cloudevents+json; charset=utf-8";

    public static ServiceBusMessage Create(IntegrationEvent evt)
    {
        var envelope = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = evt.Id,
            ["type"] = evt.Type,
            ["source"] = evt.Source,
            ["subject"] = evt.Subject,
            ["time"] = evt.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
            ["datacontenttype"] = "application/json",
            // CloudEvents extension attribute: lowercase letters and digits only.
            ["tenantid"] = evt.TenantId,
            ["data"] = JsonNode.Parse(evt.Data.GetRawText()),
        };
        var message = new ServiceBusMessage(BinaryData.FromString(envelope.ToJsonString()))
        {
            MessageId = evt.Id,
            ContentType = ContentType,
            Subject = evt.Type,
            PartitionKey = evt.TenantId,
        };
        message.ApplicationProperties["cloudEvents:type"] = evt.Type;
        message.ApplicationProperties["tenantId"] = evt.TenantId;
        return message;
    }
}
