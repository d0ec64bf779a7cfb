using Marketplace.Serialization;
using System.Text.Json;
using Marketplace.A2A.Tasks;
using Marketplace.Http;
using Marketplace.Tenancy;

namespace Marketplace.Events;

/// <summary>Events of tenancy (system-notifications) and of finished tasks (task-updates).</summary>
public static class SystemEvents
{
    public const string TaskFinishedType = "marketplace.task.finished";

    public static IntegrationEvent TenantCreated(Tenant tenant) => new(
        $"tenant:{tenant.Id}:created", Topics.SystemNotifications, "marketplace.tenant.created", "/api/tenants", tenant.Id, tenant.CreatedAt, tenant.Id,
        JsonSerializer.SerializeToElement(new TenantEventData(tenant.Id, tenant.Name, tenant.Plan), Json.Lenient));

    public static IntegrationEvent KeyRevoked(string tenantId, string keyId, DateTimeOffset at) => new(
        $"key:{tenantId}:{keyId}:revoked", Topics.SystemNotifications, "marketplace.key.revoked", $"/api/tenants/{tenantId}/keys", keyId, at, tenantId,
        JsonSerializer.SerializeToElement(new KeyEventData(tenantId, keyId), Json.Lenient));

    public static IntegrationEvent TaskFinished(GatewayTask task, string publisherTenantId) => new(
        $"task:{task.TenantId}:{task.TaskId}:finished", Topics.TaskUpdates, TaskFinishedType, $"/a2a/agents/{task.AgentId}", task.TaskId,
        task.UpdatedAt, task.TenantId,
        JsonSerializer.SerializeToElement(new TaskEventData(task.TaskId, task.AgentId, publisherTenantId, task.ContextId, task.State.ToString(),
            task.CreatedAt, task.UpdatedAt), Json.Lenient));
}

public sealed record TenantEventData(string TenantId, string Name, string Plan);

public sealed record KeyEventData(string TenantId, string KeyId);

public sealed record TaskEventData(string TaskId, string AgentId, string PublisherTenantId, string ContextId, string State, DateTimeOffset CreatedAt, DateTimeOffset FinishedAt);
