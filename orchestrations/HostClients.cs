using Microsoft.DurableTask.Client;

namespace Marketplace.Orchestrations;

/// <summary>
/// The Durable client of an activity the standalone worker runs: the host's own, which its activities take from DI.
/// In Azure the worker's DI has none; each [Function] wrapper binds one and passes it to the activity's body instead.
/// </summary>
static class HostClients
{
    public static DurableTaskClient Require(DurableTaskClient? hostClient) =>
        hostClient ?? throw new InvalidOperationException("No Durable Task client in DI: in Azure the activity's function must bind [DurableClient] and pass it on.");
}
