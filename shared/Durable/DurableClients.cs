using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Durable;

/// <summary>
/// The Durable Task client for the current operation. Standalone, the host's own client from DI; in Azure, the one
/// the Functions host binds to the invocation ([DurableClient]), which the wrapper hands over with <see cref="Bind"/>.
/// </summary>
public sealed class DurableClients(IServiceProvider services)
{
    static readonly AsyncLocal<DurableTaskClient?> Bound = new();

    public static IDisposable Bind(DurableTaskClient? client)
    {
        var previous = Bound.Value;
        Bound.Value = client ?? previous;
        return new Restore(previous);
    }

    public DurableTaskClient Current =>
        Bound.Value ?? services.GetService<DurableTaskClient>()
        ?? throw new InvalidOperationException("No Durable Task client: in Azure the function must bind [DurableClient] and pass it on.");

    sealed class Restore(DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => Bound.Value = previous;
    }
}
