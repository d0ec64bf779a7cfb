namespace Marketplace.A2A.Tasks;

/// <summary>Gateway tasks, partitioned by the tenant that created them. Every call names the tenant.</summary>
public interface ITaskStore
{
    Task CreateAsync(GatewayTask task, CancellationToken ct);

    /// <summary>
    /// Creates the task and its hand-off record atomically: both are stored, or neither. Concurrent creates of one
    /// tenant may share a transaction.
    /// </summary>
    Task CreateAsync(GatewayTask task, TaskHandOff handOff, CancellationToken ct);

    /// <summary>Hand-off records of every tenant that are due at <paramref name="now"/>, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<TaskHandOff>> ListDueHandOffsAsync(DateTimeOffset now, int max, CancellationToken ct);

    /// <summary>Removes a hand-off record whose step is done; removing one already gone is a no-op.</summary>
    Task RemoveHandOffAsync(TaskHandOff handOff, CancellationToken ct);

    /// <summary>Removes several records, those of one tenant together (one transaction per 100); any already gone are skipped.</summary>
    Task RemoveHandOffsAsync(IReadOnlyList<TaskHandOff> handOffs, CancellationToken ct);

    Task<StoredTask?> GetAsync(string tenantId, string taskId, CancellationToken ct);

    /// <summary>Replaces the task if it is unchanged since <paramref name="storeETag"/>; returns the new token, or null on conflict.</summary>
    Task<string?> ReplaceAsync(GatewayTask task, string storeETag, CancellationToken ct);

    /// <summary>As <see cref="ReplaceAsync(GatewayTask, string, CancellationToken)"/>, writing the hand-off record in the same transaction.</summary>
    Task<string?> ReplaceAsync(GatewayTask task, string storeETag, TaskHandOff handOff, CancellationToken ct);

    /// <summary>Newest first, filtered by agent and optionally context, state and status time.</summary>
    Task<TaskPage> ListAsync(TaskQuery query, CancellationToken ct);
}
