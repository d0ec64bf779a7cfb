using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Durable;

/// <summary>
/// The standalone host's Durable Task backend: a gRPC sidecar (the Durable Task SDK's own server) in this process,
/// on a loopback HTTP/2-only port, in front of an in-memory or Azure Storage orchestration service.
/// </summary>
public sealed class DurableSidecar(string address, IOrchestrationService service, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    WebApplication? app;

    /// <summary>
    /// The longest an idle control or work-item queue goes unpolled, here and in host.json alike. The backend's default
    /// (30 s) lets a workflow that follows a quiet spell wait that long between steps; a second costs a few polls per
    /// second per task hub.
    /// </summary>
    public static readonly TimeSpan MaxQueuePollingInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Control-queue messages taken per poll (host.json <c>controlQueueBatchSize</c>; the backend's default): one poll
    /// brings the next events of up to that many runs.
    /// </summary>
    public const int ControlQueueBatchSize = 32;

    /// <summary>
    /// Activities and orchestration episodes run at once (host.json <c>maxConcurrentActivityFunctions</c> and
    /// <c>maxConcurrentOrchestratorFunctions</c>). Workflow activities wait on storage and HTTP, not on the CPU, so the
    /// cloud default of ten per core would leave a two-core instance's work queued behind a few slow tool calls.
    /// </summary>
    public const int MaxConcurrentActivities = 100, MaxConcurrentOrchestrations = 100;

    /// <summary>
    /// Control queues of the standalone host's task hub. Each is polled on its own (with back-off to
    /// <see cref="MaxQueuePollingInterval"/>) and leased on its own; partitions spread orchestrations over instances,
    /// and a standalone host is one instance, so one partition does the same work with a quarter of the polls and
    /// lease renewals. The Functions app keeps host.json's <c>partitionCount</c> of 4 (the default) so up to four
    /// instances share the orchestrations. A task hub keeps the count it was created with.
    /// </summary>
    public const int StandalonePartitionCount = 1;

    public static IOrchestrationService CreateService(DurableOptions options, string? storageConnectionString, ILoggerFactory loggers)
    {
        if (options.Backend == DurableBackend.InMemory) return SidecarBackend.Wrap(new InMemoryOrchestrationService(loggers));
        if (string.IsNullOrEmpty(storageConnectionString))
            throw new InvalidOperationException("Durable:Backend AzureStorage needs AzureWebJobsStorage as a connection string in the standalone host.");
        return SidecarBackend.Wrap(new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
            MaxQueuePollingInterval = MaxQueuePollingInterval,
            ControlQueueBatchSize = ControlQueueBatchSize,
            MaxConcurrentTaskActivityWorkItems = MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = MaxConcurrentOrchestrations,
            PartitionCount = StandalonePartitionCount,
            // One local process owns the task hub; after a crash, its restart should resume within seconds, not the
            // minutes the cloud defaults allow for other workers to notice (partition leases, message visibility).
            LeaseInterval = TimeSpan.FromSeconds(10),
            LeaseRenewInterval = TimeSpan.FromSeconds(3),
            LeaseAcquireInterval = TimeSpan.FromSeconds(3),
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(15),
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(15),
            // The backend sends a new instance's start message before it writes the instance's row, and checks each start
            // it dequeues against that row to drop duplicate starts. A send wakes this process's own control-queue poller,
            // so under load the poller often reads the row before it is written and puts the message back for two
            // seconds: at eight concurrent workflow runs on Azurite, a run in ten waited 2 s before its first step. The
            // duplicates the check is for come from concurrent starts of one instance id, which in a single process
            // DurableStarts.StartOnceAsync rules out (concurrent callers share one start), and from a client retrying a
            // start that half failed, which workflow runs (a fresh id each, one send) and StartOnceAsync (it looks
            // before starting) do not do.
            DisableExecutionStartedDeduplication = true,
            LoggerFactory = loggers,
        }));
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await service.CreateIfNotExistsAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.UseUrls(address);
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton((IOrchestrationServiceClient)service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null) await app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }
}
