using System.Diagnostics.Metrics;
using System.Diagnostics;
using Marketplace.A2A.Tasks;

namespace Marketplace.Telemetry;

/// <summary>The marketplace's own metrics (OpenTelemetry meter <c>Marketplace</c>), next to the HTTP and runtime ones.</summary>
public sealed class MarketplaceMetrics : IDisposable
{
    public const string MeterName = "Marketplace";

    readonly Meter meter = new(MeterName);
    readonly Histogram<double> taskDuration;
    readonly Counter<long> tasksFinished;
    readonly Histogram<double> upstreamLatency;

    public MarketplaceMetrics()
    {
        taskDuration = meter.CreateHistogram<double>("marketplace.a2a.task.duration", "s", "Time from a task's creation to its end");
        tasksFinished = meter.CreateCounter<long>("marketplace.a2a.tasks.finished", "{task}", "Tasks that reached a terminal state");
        upstreamLatency = meter.CreateHistogram<double>("marketplace.a2a.upstream.duration", "ms", "Latency of calls to agents");
    }

    public void TaskFinished(GatewayTask task)
    {
        var tags = new TagList { { "agent.id", task.AgentId }, { "task.state", task.State.ToString() } };
        taskDuration.Record((task.UpdatedAt - task.CreatedAt).TotalSeconds, tags);
        tasksFinished.Add(1, tags);
    }

    public void UpstreamCall(string agentId, string method, TimeSpan elapsed, bool ok) =>
        upstreamLatency.Record(elapsed.TotalMilliseconds, new TagList { { "agent.id", agentId }, { "a2a.method", method }, { "outcome", ok ? "ok" : "error" } });

    public void Dispose() => meter.Dispose();
}
