using Microsoft.Extensions.Logging;

namespace Marketplace.Orchestrations.A2A;

/// <summary>Every log line an activity writes names the tenant and task it works for.</summary>
static class LogScopes
{
    public static IDisposable? Task(ILogger logger, string tenantId, string taskId) =>
        logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = tenantId, ["TaskId"] = taskId });
}
