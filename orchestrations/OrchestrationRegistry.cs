using Microsoft.DurableTask;

namespace Marketplace.Orchestrations;

/// <summary>
/// Registers every orchestrator and activity body with the Durable Task worker. The standalone host calls this; in
/// Azure, each body is reached through a one-line <c>[Function]</c> wrapper in the Functions project instead.
/// </summary>
public static class OrchestrationRegistry
{
    public static void Register(DurableTaskRegistry registry)
    {
        // Orchestrations are added here as features need them (task lifecycles, workflow runs).
    }
}
