using System.Net;
using System.Net.Sockets;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Marketplace.Durable;

public static class DurableServices
{
    /// <summary>Standalone only: the sidecar, plus the Durable Task worker and client connected to it.</summary>
    public static IServiceCollection AddStandaloneDurableTask(this IServiceCollection services, IConfiguration configuration, Action<DurableTaskRegistry> tasks)
    {
        var options = configuration.GetSection(DurableOptions.Section).Get<DurableOptions>() ?? new DurableOptions();
        var address = $"http://127.0.0.1:{FreeLoopbackPort()}";
        services.AddSingleton(sp => DurableSidecar.CreateService(options, configuration["AzureWebJobsStorage"], sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => new DurableSidecar(address, sp.GetRequiredService<IOrchestrationService>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddDurableTaskWorker(b =>
        {
            b.UseGrpc(address);
            b.AddTasks(tasks);
        });
        services.AddDurableTaskClient(b => b.UseGrpc(address));
        return services;
    }

    static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
