using System.Text.Json.Nodes;
using Marketplace.Durable;
using Marketplace.Queues;
using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests.Infra;

/// <summary>
/// The Functions host reads its polling settings from host.json; the standalone host has them in code. The two must
/// agree, or a workflow or queue that is quick locally idles for seconds in Azure. Two Durable settings differ on
/// purpose: the partition count (a standalone host is one instance; see <see cref="DurableSidecar.StandalonePartitionCount"/>)
/// and extended sessions, which the sidecar's gRPC server does not have (it sends the history with every episode).
/// </summary>
public sealed class HostJsonTests
{
    static readonly JsonNode HostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(NodeTools.RepoRoot, "host.json")))!;

    [Fact]
    public void Durable_queues_are_polled_as_often_as_by_the_standalone_sidecar()
    {
        var polling = HostJson["extensions"]!["durableTask"]!["storageProvider"]!["maxQueuePollingInterval"]!.GetValue<string>();
        Assert.Equal(DurableSidecar.MaxQueuePollingInterval, TimeSpan.Parse(polling, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Durable_batches_and_concurrency_are_the_standalone_sidecars()
    {
        var durable = HostJson["extensions"]!["durableTask"]!;
        Assert.Equal(DurableSidecar.ControlQueueBatchSize, durable["storageProvider"]!["controlQueueBatchSize"]!.GetValue<int>());
        Assert.Equal(DurableSidecar.MaxConcurrentActivities, durable["maxConcurrentActivityFunctions"]!.GetValue<int>());
        Assert.Equal(DurableSidecar.MaxConcurrentOrchestrations, durable["maxConcurrentOrchestratorFunctions"]!.GetValue<int>());
    }

    [Fact]
    public void Queue_triggers_are_polled_as_often_as_by_the_standalone_pollers()
    {
        var polling = HostJson["extensions"]!["queues"]!["maxPollingInterval"]!.GetValue<string>();
        Assert.Equal(new QueuePollerOptions().MaxIdleDelay, TimeSpan.Parse(polling, System.Globalization.CultureInfo.InvariantCulture));
    }
}
