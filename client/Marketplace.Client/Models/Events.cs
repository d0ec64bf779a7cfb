using System.Text.Json;

namespace Marketplace.Client.Models;

/// <summary>An integration event the platform published (agent-events, task-updates, workflow-progress, system-notifications).</summary>
public sealed record IntegrationEvent(string Id, string Topic, string Type, string Source, string Subject, DateTimeOffset Time, string TenantId, JsonElement Data);
