using Azure.Data.Tables;
using Marketplace.Queues;
using Marketplace.Registry;
using Marketplace.Storage;
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
