using Azure.Data.Tables;
using Marketplace.Queues;
using Marketplace.Registry;
using Marketplace.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Health;

/// <summary>Tables and queues answer.</summary>
public sealed class StorageHealthCheck(Tables tables, StorageQueues queues) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        await tables.Get(Tables.TenantsTable).GetEntityIfExistsAsync<TableEntity>("health", "probe", cancellationToken: ct);
        await queues.Get(QueueNames.IntegrationEvents).GetPropertiesAsync(ct);
        return HealthCheckResult.Healthy();
    }
}

/// <summary>The document store holding listings answers a point read.</summary>
public sealed class DocumentsHealthCheck(IAgentStore agents) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        await agents.FindPublisherAsync("health-probe", ct);
        return HealthCheckResult.Healthy(agents.GetType().Name);
    }
}

/// <summary>The Durable Task backend answers an instance query (standalone: through the in-process sidecar).</summary>
public sealed class DurableHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var client = services.GetService<DurableTaskClient>();
        if (client is null) return HealthCheckResult.Healthy("Managed by the Functions host.");
        await foreach (var _ in client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 1 }).AsPages().WithCancellation(ct)) break;
        return HealthCheckResult.Healthy();
    }
}
