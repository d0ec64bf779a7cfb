using System.Diagnostics.Metrics;
using System.Diagnostics;
using Marketplace.A2A.Tasks;

namespace Marketplace.Telemetry;

/// <summary>
/// The marketplace's own metrics (OpenTelemetry meter <c>Marketplace</c>). Latency of calls to agents is the HTTP
/// client instrumentation's <c>http.client.request.duration</c>, tagged with the agent's host.
/// </summary>
public sealed class MarketplaceMetrics : IDisposable
{
    public const string MeterName = "Marketplace";

    readonly Meter meter = new(MeterName);
    readonly Histogram<double> taskDuration;
    readonly Counter<long> tasksFinished;
    readonly Histogram<double> toolCallDuration;

    public MarketplaceMetrics()
    {
        taskDuration = meter.CreateHistogram<double>("marketplace.a2a.task.duration", "s", "Time from a task's creation to its end");
        tasksFinished = meter.CreateCounter<long>("marketplace.a2a.tasks.finished", "{task}", "Tasks that reached a terminal state");
        toolCallDuration = meter.CreateHistogram<double>("marketplace.mcp.tool.duration", "ms", "Latency of MCP tool calls");
    }

    public void TaskFinished(GatewayTask task)
    {
        var tags = new TagList { { "agent.id", task.AgentId }, { "task.state", task.State.ToString() } };
        taskDuration.Record((task.UpdatedAt - task.CreatedAt).TotalSeconds, tags);
        tasksFinished.Add(1, tags);
    }

    public void ToolCalled(string tenantId, string tool, bool isError, double latencyMs) =>
        toolCallDuration.Record(latencyMs, new TagList { { "tenant.id", tenantId }, { "mcp.tool", tool }, { "outcome", isError ? "error" : "ok" } });

    public void Dispose() => meter.Dispose();
}
